// The tier panel: every gateway the registry lists as service `gateway`, with its open
// connections, requests and route policies, as read by the gateway that serves this page.
import { $, el, text } from '../dom.js';

const POLL_MILLIS = 2000;
const previous = new Map();

function render(gateways) {
	const tbody = $('tier').tBodies[0];
	const ids = gateways.map((gateway) => gateway.instanceId);
	[...tbody.rows].forEach((row) => {
		if (!ids.includes(row.dataset.gatewayId)) {
			row.remove();
		}
	});
	const now = Date.now();
	gateways.forEach((gateway, index) => {
		let row = tbody.querySelector(`tr[data-gateway-id="${CSS.escape(gateway.instanceId)}"]`);
		if (!row) {
			const cell = (className) => el('td', { className });
			row = el('tr', { dataset: { gatewayId: gateway.instanceId } },
				el('td', {}, el('span', { className: 'instance-id', textContent: gateway.instanceId }),
					el('span', { className: 'badge self', textContent: 'this page', hidden: true })),
				cell('address'), cell('status'), cell('policies'), cell('connections num'), cell('in-flight num'),
				cell('rate num'),
				cell('requests num'), cell('failures num'));
		}
		if (tbody.rows[index] !== row) {
			tbody.insertBefore(row, tbody.rows[index] || null);
		}
		const set = (selector, value) => text(row.querySelector(selector), value);
		row.dataset.reachable = gateway.reachable;
		row.querySelector('.self').hidden = !gateway.self;
		set('.address', gateway.host + ':' + gateway.port);
		set('.status', gateway.reachable ? gateway.status : gateway.status + ' · ' + gateway.error);
		set('.policies', Object.entries(gateway.policies).map(([routeId, policy]) => routeId + ': ' + policy).join(', '));
		set('.connections', gateway.connections >= 0 ? gateway.connections : '–');
		set('.in-flight', gateway.reachable ? gateway.inFlight : '–');
		set('.requests', gateway.reachable ? gateway.requests : '–');
		set('.failures', gateway.reachable ? gateway.failures : '–');
		const before = previous.get(gateway.instanceId);
		const rate = (before && gateway.reachable) ? Math.max(0, gateway.requests - before.requests) * 1000 / (now - before.at) : null;
		set('.rate', rate == null ? '–' : rate.toFixed(1));
		previous.set(gateway.instanceId, { requests: gateway.requests, at: now });
	});
	$('tier-title-count').textContent = gateways.length;
}

async function poll() {
	try {
		const response = await fetch('/cluster/tier', { headers: { Accept: 'application/json' }, cache: 'no-store' });
		if (response.ok) {
			render((await response.json()).gateways);
		}
	}
	catch (error) {
		// the gateway is restarting: the next poll tries again
	}
	finally {
		setTimeout(poll, POLL_MILLIS);
	}
}

export function init() {
	poll();
}
