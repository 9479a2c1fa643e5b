// Small DOM helpers shared by the panels: text only, never HTML from data.

// none of the status colours (green UP, amber DRAINING, red DOWN, violet ejected)
const PALETTE = ['#2563eb', '#0891b2', '#db2777', '#4f46e5', '#65a30d', '#475569', '#a16207', '#c026d3',
	'#0284c7', '#e11d48'];

const colors = new Map();

export const $ = (id) => document.getElementById(id);

export function el(tag, props, ...children) {
	const node = document.createElement(tag);
	Object.entries(props || {}).forEach(([key, value]) => {
		if (key === 'dataset') {
			Object.assign(node.dataset, value);
		}
		else if (key.startsWith('on')) {
			node.addEventListener(key.substring(2), value);
		}
		else {
			node[key] = value;
		}
	});
	children.flat().forEach((child) => node.append(child));
	return node;
}

/** Set a node's text only when it changed, so that a selection in it survives a refresh. */
export function text(node, value) {
	if (node.textContent !== String(value)) {
		node.textContent = value;
	}
}

export function colorOf(instanceId) {
	if (!colors.has(instanceId)) {
		colors.set(instanceId, PALETTE[colors.size % PALETTE.length]);
	}
	return colors.get(instanceId);
}

export function shortName(instanceId) {
	const digits = /(\d+)$/.exec(instanceId);
	return digits ? digits[1].slice(-3) : instanceId.slice(0, 2);
}

export function swatch(instanceId) {
	const node = el('span', { className: 'swatch' });
	node.style.background = colorOf(instanceId);
	return node;
}

let messageTimer = null;

export function say(message, isError) {
	const node = $('message');
	node.textContent = message;
	node.classList.toggle('error', Boolean(isError));
	node.hidden = false;
	clearTimeout(messageTimer);
	messageTimer = setTimeout(() => { node.hidden = true; }, isError ? 8000 : 3000);
}

/** A JSON request of the page's own, without the admin token. */
export async function json(method, path, body, options) {
	const headers = { Accept: 'application/json' };
	if (body !== undefined) {
		headers['Content-Type'] = 'application/json';
	}
	const response = await fetch(path, {
		method,
		headers,
		body: (body !== undefined) ? JSON.stringify(body) : undefined,
		credentials: (options && options.credentials) || 'same-origin',
		cache: 'no-store',
	});
	const answer = await response.json().catch(() => null);
	if (!response.ok) {
		throw new Error((answer && answer.detail) || (method + ' ' + path + ': ' + response.status));
	}
	return { body: answer, servedBy: response.headers.get('X-Served-By'), status: response.status };
}
