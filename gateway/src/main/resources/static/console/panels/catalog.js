// The catalog panel: replicated data. Writes one entry through the gateway, then watches
// every node's applied version (read from each node by the gateway) reach the write's.
import { $, el, json, say, text } from '../dom.js';

const POLL_MILLIS = 250;
const WATCH_MILLIS = 10000;

let wanted = 0;

function render(nodes) {
	const list = $('catalog-nodes');
	list.replaceChildren(...nodes.map((node) => el('li', {
		dataset: { instanceId: node.instanceId, version: String(node.version), converged: String(node.version >= wanted) },
	}, el('code', { textContent: node.instanceId }), ' ', node.reachable ? 'version ' + node.version : 'not reachable')));
}

async function nodes() {
	return (await json('GET', '/cluster/catalog')).body.nodes;
}

async function write(event) {
	event.preventDefault();
	const key = $('catalog-key').value.trim() || 'greeting';
	const value = $('catalog-value').value;
	const result = $('catalog-result');
	result.dataset.done = 'false';
	try {
		const started = performance.now();
		const written = await json('PUT', '/api/catalog/' + encodeURIComponent(key), { value });
		wanted = written.body.version;
		result.dataset.version = String(wanted);
		text(result, `${written.servedBy} wrote ${key} at version ${wanted}; waiting for every node…`);
		for (;;) {
			const current = await nodes();
			render(current);
			const converged = current.filter((node) => node.reachable).every((node) => node.version >= wanted);
			const millis = Math.round(performance.now() - started);
			if (converged) {
				text(result, `every node applied version ${wanted} within ${millis} ms of the write`);
				result.dataset.converged = 'true';
				break;
			}
			if (millis > WATCH_MILLIS) {
				text(result, `not every node applied version ${wanted} within ${WATCH_MILLIS / 1000} s`);
				result.dataset.converged = 'false';
				break;
			}
			await new Promise((resolve) => setTimeout(resolve, POLL_MILLIS));
		}
	}
	catch (error) {
		say(error.message, true);
	}
	finally {
		result.dataset.done = 'true';
	}
}

export function init() {
	$('catalog-form').addEventListener('submit', write);
	nodes().then(render).catch(() => {});
}
