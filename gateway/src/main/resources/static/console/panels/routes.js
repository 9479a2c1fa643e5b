// The routes panel: each balanced route's policy, its settings beyond the policy, and a switch to any
// other policy that keeps those settings.
import { $, el } from '../dom.js';
import { act, admin } from '../admin.js';

const policyEdits = new Set();

// the settings beyond the policy, in the order GET /admin/lb lists them, each shown when not null
const SETTINGS = ['slowStart', 'maxInFlight', 'queueTimeout', 'adaptiveLimit', 'retryBudget', 'hedge',
	'hashBalanceFactor', 'zoneAware'];

// what hashBalanceFactor bounds: PUT refuses it with any other policy
const HASHING = ['consistent-hash', 'ip-hash'];

/** The route's settings beyond the policy, as "name value" (a flag that is on: its name alone). */
export function settingsOf(route) {
	return SETTINGS.filter((name) => route[name] !== null && route[name] !== undefined && route[name] !== false)
		.map((name) => {
			const value = route[name];
			if (value === true) {
				return name;
			}
			return name + ' ' + (name === 'retryBudget' ? value + ' %' : value);
		});
}

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
		const settings = settingsOf(route);
		const list = row.querySelector('.route-settings');
		const shown = [...list.children].map((item) => item.textContent);
		if (shown.join('\n') !== settings.join('\n')) {
			list.replaceChildren(...settings.map((setting) => el('li', { dataset: { setting: setting.split(' ')[0] },
				textContent: setting })));
		}
		list.dataset.empty = settings.length === 0 ? 'true' : 'false';
		list.title = settings.length === 0 ? 'no settings beyond the policy' : '';
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
		el('button', { type: 'button', className: 'apply-policy', textContent: 'Switch', onclick: () => switchPolicy(row) }),
		el('ul', { className: 'route-settings', ariaLabel: 'settings of ' + routeId + ' beyond the policy' }));
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
	// PUT replaces the route's settings: send the ones beyond the policy along, or the switch would drop them
	const body = { policy };
	SETTINGS.forEach((name) => {
		const value = state.routes[routeId][name];
		if (value !== null && value !== undefined && (name !== 'hashBalanceFactor' || HASHING.includes(policy))) {
			body[name] = value;
		}
	});
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
