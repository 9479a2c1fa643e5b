// The routes panel: each balanced route's policy and a switch to any other.
import { $, el } from '../dom.js';
import { act, admin } from '../admin.js';

const policyEdits = new Set();
let state = null;

export function render(current) {
	state = current;
	const container = $('routes');
	const ids = Object.keys(state.routes);
	[...container.children].forEach((row) => {
		if (!ids.includes(row.dataset.route)) {
			row.remove();
		}
	});
	ids.forEach((routeId) => {
		let row = container.querySelector(`[data-route="${CSS.escape(routeId)}"]`);
		if (!row) {
			row = routeRow(routeId);
			container.append(row);
		}
		const route = state.routes[routeId];
		row.querySelector('.policy').textContent = route.policy + (route.hashKey ? ' (' + route.hashKey + ')' : '');
		const select = row.querySelector('select');
		if (select.options.length !== state.policies.length) {
			select.replaceChildren(...state.policies.map((name) => el('option', { value: name, textContent: name })));
		}
		if (!policyEdits.has(routeId)) {
			select.value = route.policy;
			row.querySelector('.hash-key').value = route.hashKey || '';
			showHashKey(row);
		}
	});
}

function routeRow(routeId) {
	const select = el('select', { className: 'policy-select', ariaLabel: 'policy of ' + routeId });
	const hashKey = el('input', {
		className: 'hash-key', placeholder: 'hash key: uri, header:X-User…', ariaLabel: 'hash key',
	});
	const row = el('div', { className: 'route', dataset: { route: routeId } },
		el('span', { className: 'route-id', textContent: routeId }),
		el('span', { textContent: 'balanced by' }),
		el('span', { className: 'policy' }),
		el('label', {}, 'switch to ', select),
		hashKey,
		el('button', { type: 'button', className: 'apply-policy', textContent: 'Switch', onclick: () => switchPolicy(row) }));
	select.addEventListener('change', () => {
		policyEdits.add(routeId);
		showHashKey(row);
	});
	hashKey.addEventListener('input', () => policyEdits.add(routeId));
	return row;
}

function showHashKey(row) {
	row.querySelector('.hash-key').hidden = row.querySelector('select').value !== 'consistent-hash';
}

function switchPolicy(row) {
	const routeId = row.dataset.route;
	const policy = row.querySelector('select').value;
	const hashKey = row.querySelector('.hash-key').value.trim();
	const body = { policy };
	if (policy === 'consistent-hash' && hashKey) {
		body.hashKey = hashKey;
	}
	return act(`Route ${routeId} now balanced by ${policy}`, async () => {
		const current = await admin('PUT', '/admin/lb/routes/' + encodeURIComponent(routeId), body);
		policyEdits.delete(routeId);
		state.routes[routeId] = current;
		render(state);
	});
}
