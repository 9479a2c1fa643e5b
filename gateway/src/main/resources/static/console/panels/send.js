// The send panel: N requests to /api/whoami from the browser, one square per request in
// the colour of the instance that served it.
import { $, colorOf, el, shortName, swatch } from '../dom.js';

async function sendRequests(event) {
	event.preventDefault();
	const count = Math.max(1, Math.min(1000, Number($('send-count').value) || 1));
	const parallel = Math.max(1, Math.min(5, Number($('send-parallel').value) || 1));
	const explain = $('send-explain').checked;
	const fresh = $('send-fresh').checked;
	const cells = $('cells');
	const decisions = $('decisions');
	const button = $('send');
	const status = $('send-status');
	cells.replaceChildren(...Array.from({ length: count }, () => el('li')));
	decisions.replaceChildren();
	decisions.hidden = !explain;
	status.dataset.done = 'false';
	button.disabled = true;
	const results = [];
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const index = next++;
			const result = await sendOne(explain, fresh);
			results.push(result);
			drawCell(cells.children[index], index, result);
			if (explain) {
				decisions.append(el('li', { value: index + 1 },
					(result.servedBy || 'failed') + ' · ' + (result.decision || result.error || 'no decision')));
			}
			renderSendStatus(results, count);
		}
	};
	try {
		await Promise.all(Array.from({ length: parallel }, worker));
	}
	finally {
		button.disabled = false;
		status.dataset.done = 'true';
		renderSendStatus(results, count);
	}
}

async function sendOne(explain, fresh) {
	const started = performance.now();
	try {
		const response = await fetch('/api/whoami', {
			headers: explain ? { 'X-LB-Explain': 'true' } : {},
			credentials: fresh ? 'omit' : 'same-origin',
			cache: 'no-store',
		});
		await response.arrayBuffer();
		return {
			status: response.status,
			ok: response.ok,
			servedBy: response.headers.get('X-Served-By'),
			policy: response.headers.get('X-LB-Policy'),
			decision: response.headers.get('X-LB-Decision'),
			millis: performance.now() - started,
		};
	}
	catch (error) {
		return { status: 0, ok: false, error: error.message, millis: performance.now() - started };
	}
}

function drawCell(cell, index, result) {
	cell.dataset.servedBy = result.servedBy || '';
	cell.dataset.status = result.status;
	cell.textContent = result.servedBy ? shortName(result.servedBy) : '×';
	if (result.servedBy && result.ok) {
		cell.style.background = colorOf(result.servedBy);
	}
	else {
		cell.classList.add('failed');
	}
	cell.title = '#' + (index + 1) + ' ' + (result.servedBy || 'no instance') + ' · '
		+ (result.status || result.error) + ' · ' + Math.round(result.millis) + ' ms'
		+ (result.decision ? '\n' + result.decision : '');
}

function renderSendStatus(results, count) {
	const failed = results.filter((result) => !result.ok).length;
	const millis = results.map((result) => result.millis).sort((a, b) => a - b);
	const median = millis.length ? Math.round(millis[Math.floor(millis.length / 2)]) : 0;
	const policy = results.map((result) => result.policy).filter(Boolean).pop();
	$('send-status').textContent = `Sent ${results.length} of ${count} · ${results.length - failed} OK · ${failed} failed`
		+ ` · median ${median} ms` + (policy ? ` · policy ${policy}` : '');
	const tally = new Map();
	results.forEach((result) => {
		const key = result.servedBy || '';
		tally.set(key, (tally.get(key) || 0) + 1);
	});
	$('tally').replaceChildren(...[...tally.entries()]
		.sort((a, b) => a[0].localeCompare(b[0]))
		.map(([instanceId, served]) => el('span', { className: 'tally-entry', dataset: { instance: instanceId } },
			instanceId ? swatch(instanceId) : '',
			el('strong', { textContent: instanceId || 'no instance' }), ' ',
			el('span', { className: 'count', textContent: served }),
			' (' + Math.round(100 * served / results.length) + '%)')));
}

export function init() {
	$('send-form').addEventListener('submit', sendRequests);
}
