// The instances panel: one row per instance, with chaos and drain controls.
import { $, colorOf, el, swatch, text } from '../dom.js';
import { act, admin, adminFetch, hasToken, onToken } from '../admin.js';

const chaosKnown = new Map();
let state = null;

export function render(current) {
	state = current;
	const tbody = $('instances').tBodies[0];
	const ids = state.instances.map((instance) => instance.instanceId);
	[...tbody.rows].forEach((row) => {
		if (!ids.includes(row.dataset.instanceId)) {
			row.remove();
		}
	});
	state.instances.forEach((instance, index) => {
		let row = tbody.querySelector(`tr[data-instance-id="${CSS.escape(instance.instanceId)}"]`);
		if (!row) {
			row = instanceRow(instance);
		}
		if (tbody.rows[index] !== row) {
			tbody.insertBefore(row, tbody.rows[index] || null);
		}
		updateInstanceRow(row, instance);
	});
	$('no-instances').hidden = state.instances.length > 0;
	$('window').textContent = state.window;
}

function instanceRow(instance) {
	const id = instance.instanceId;
	const latency = el('input', { type: 'number', min: 0, max: 30000, step: 50, placeholder: 'ms', className: 'chaos-latency', ariaLabel: 'latency of ' + id + ' in ms' });
	const errors = el('input', { type: 'number', min: 0, max: 100, step: 5, placeholder: '%', className: 'chaos-errors', ariaLabel: 'error rate of ' + id + ' in %' });
	const cell = (className) => el('td', { className });
	const row = el('tr', { dataset: { instanceId: id } },
		el('td', {}, swatch(id), el('span', { className: 'instance-id', textContent: id })),
		cell('address'),
		cell('status'),
		cell('weight num'),
		cell('in-flight num'),
		cell('ewma num'),
		el('td', {}, el('div', { className: 'share' },
			el('div', { className: 'bar' }, el('span')),
			el('span', { className: 'value' }))),
		cell('requests num'),
		cell('failures num'),
		el('td', {}, el('div', { className: 'chaos' },
			el('span', { className: 'chaos-now' }),
			latency, 'ms', errors, '%',
			el('button', { type: 'button', className: 'chaos-set', textContent: 'Set', onclick: () => setChaos(id, latency, errors) }),
			el('button', { type: 'button', className: 'chaos-clear quiet', textContent: 'Clear', onclick: () => clearChaos(id) }))),
		el('td', {}, el('button', { type: 'button', className: 'drain', onclick: () => toggleDrain(id) })));
	row.querySelector('.bar > span').style.background = colorOf(id);
	return row;
}

function updateInstanceRow(row, instance) {
	const set = (selector, value) => text(row.querySelector(selector), value);
	row.dataset.status = instance.status;
	row.dataset.ejected = instance.ejected;
	set('.address', instance.host + ':' + instance.port);
	const status = row.querySelector('.status');
	status.replaceChildren(el('span', { className: 'badge ' + instance.status, textContent: instance.status }));
	if (instance.ejected) {
		status.append(el('span', { className: 'badge ejected', textContent: 'ejected' }));
	}
	set('.weight', instance.weight);
	set('.in-flight', instance.inFlight);
	set('.ewma', instance.ewmaMillis.toFixed(1) + ' ms');
	row.querySelector('.bar > span').style.width = (instance.share * 100).toFixed(1) + '%';
	set('.share .value', Math.round(instance.share * 100) + '% (' + instance.recent + ')');
	set('.requests', instance.requests);
	set('.failures', instance.failures);
	const chaos = describeChaos(chaosKnown.get(instance.instanceId));
	set('.chaos-now', chaos);
	row.querySelector('.chaos-now').classList.toggle('active', chaos !== 'none' && chaos !== '');
	const drain = row.querySelector('.drain');
	const draining = instance.status === 'DRAINING';
	set('.drain', draining ? 'Undrain' : 'Drain');
	drain.disabled = !state.drainAvailable || instance.status === 'DOWN';
	drain.title = state.drainAvailable ? (draining ? 'set UP again in the registry' : 'set DRAINING in the registry')
		: 'the gateway has no REGISTRY_TOKEN: drain through the registry API (see docs/CONSOLE.md)';
}

function describeChaos(chaos) {
	if (!chaos) {
		return '';
	}
	const parts = [];
	if (chaos.latencyMs > 0) {
		parts.push('+' + chaos.latencyMs + ' ms');
	}
	if (chaos.errorRate > 0) {
		parts.push(Math.round(chaos.errorRate * 100) + '% errors');
	}
	return parts.length ? parts.join(', ') : 'none';
}

function chaosPath(instanceId) {
	return '/admin/instances/' + encodeURIComponent(instanceId) + '/chaos';
}

function setChaos(instanceId, latency, errors) {
	const body = {
		latencyMs: latency.value === '' ? 0 : Number(latency.value),
		errorRate: errors.value === '' ? 0 : Number(errors.value) / 100,
	};
	return act(`Chaos set on ${instanceId}`, async () => {
		const view = await admin('PUT', chaosPath(instanceId), body);
		chaosKnown.set(instanceId, view || body);
		render(state);
	});
}

function clearChaos(instanceId) {
	return act(`Chaos cleared on ${instanceId}`, async () => {
		await admin('DELETE', chaosPath(instanceId));
		chaosKnown.set(instanceId, { latencyMs: 0, errorRate: 0 });
		render(state);
	});
}

/** Once the token is known, show the chaos each node has now. */
export function loadChaos() {
	if (!state || !hasToken()) {
		return;
	}
	state.instances.forEach(async (instance) => {
		try {
			const response = await adminFetch('GET', chaosPath(instance.instanceId));
			if (response.ok) {
				chaosKnown.set(instance.instanceId, await response.json());
				render(state);
			}
		}
		catch (error) {
			// not known yet: shown when set from here
		}
	});
}

function toggleDrain(instanceId) {
	const instance = state.instances.find((candidate) => candidate.instanceId === instanceId);
	const status = (instance && instance.status === 'DRAINING') ? 'UP' : 'DRAINING';
	return act(`${instanceId} set ${status}`, async () => {
		const answer = await admin('PUT', '/admin/instances/' + encodeURIComponent(instanceId) + '/status', { status });
		if (instance && answer && answer.status) {
			instance.status = answer.status;
			render(state);
		}
	});
}

onToken(loadChaos);
