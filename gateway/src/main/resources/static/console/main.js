// Switchyard's cluster console: the live state from /cluster/events (no token) handed to
// each panel, and the panels that poll what the stream does not carry.
import { $ } from './dom.js';
import * as admin from './admin.js';
import * as cart from './panels/cart.js';
import * as catalog from './panels/catalog.js';
import * as charts from './panels/charts.js';
import * as counter from './panels/counter.js';
import * as instances from './panels/instances.js';
import * as jobs from './panels/jobs.js';
import * as registry from './panels/registry.js';
import * as routes from './panels/routes.js';
import * as send from './panels/send.js';
import * as tier from './panels/tier.js';

function setLive(liveState, message) {
	const live = $('live');
	live.dataset.state = liveState;
	live.textContent = message;
}

function summarize(state) {
	const up = state.instances.filter((instance) => instance.status === 'UP' && !instance.ejected).length;
	const policies = Object.entries(state.routes).map(([routeId, route]) => routeId + ': ' + route.policy);
	$('summary').textContent = `${state.instances.length} instances · ${up} taking new requests · ${policies.join(' · ')}`;
}

function connect() {
	let first = true;
	const source = new EventSource('/cluster/events');
	source.addEventListener('state', (event) => {
		const state = JSON.parse(event.data);
		routes.render(state);
		instances.render(state);
		summarize(state);
		charts.record(state);
		if (first) {
			first = false;
			instances.loadChaos();
		}
		setLive('live', 'live · ' + new Date().toLocaleTimeString());
	});
	source.addEventListener('open', () => setLive('live', 'live'));
	// EventSource reconnects by itself, after the retry the stream set
	source.addEventListener('error', () => setLive('reconnecting', 'reconnecting…'));
}

admin.init();
send.init();
charts.init();
tier.init();
cart.init();
counter.init();
catalog.init();
jobs.init();
registry.init();
connect();
