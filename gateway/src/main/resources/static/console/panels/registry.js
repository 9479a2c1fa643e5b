// The registry panel: the port map, every instance of every service with the time left on
// its lease and the registry's last health checks of it, newest first.
import { $, el } from '../dom.js';

const POLL_MILLIS = 1000;

function render(instances) {
	$('registry').tBodies[0].replaceChildren(...instances.map((instance) => {
		const lease = el('td', { className: 'lease' }, el('div', { className: 'bar' }, el('span')),
			el('span', { className: 'value', textContent: instance.leaseRemainingSeconds.toFixed(1) + ' s of ' + instance.ttlSeconds }));
		lease.querySelector('.bar > span').style.width = (100 * instance.leaseRemainingSeconds / Math.max(1, instance.ttlSeconds)) + '%';
		return el('tr', { dataset: { service: instance.service, instanceId: instance.instanceId, status: instance.status } },
			el('td', { textContent: instance.service }),
			el('td', { className: 'instance-id', textContent: instance.instanceId }),
			el('td', { className: 'address', textContent: instance.host + ':' + instance.port }),
			el('td', { className: 'status' }, el('span', { className: 'badge ' + instance.status, textContent: instance.status })),
			el('td', { className: 'health' }, el('code', { textContent: instance.healthPath }), ' ',
				el('span', { className: 'checks' }, ...(instance.checks || []).map((check) => el('span', {
					className: 'check ' + check.outcome,
					title: check.outcome + ' · ' + check.millis + ' ms · ' + new Date(check.at).toLocaleTimeString(),
					textContent: check.outcome === 'PASSING' ? '✓' : '✗',
				})))),
			lease,
			el('td', { className: 'heartbeat', textContent: instance.lastHeartbeat ? new Date(instance.lastHeartbeat).toLocaleTimeString() : '–' }));
	}));
}

async function poll() {
	try {
		const response = await fetch('/cluster/registry', { headers: { Accept: 'application/json' }, cache: 'no-store' });
		if (response.ok) {
			render((await response.json()).instances);
		}
	}
	catch (error) {
		// the next poll tries again
	}
	finally {
		setTimeout(poll, POLL_MILLIS);
	}
}

export function init() {
	poll();
}
