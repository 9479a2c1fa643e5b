// Switchyard's cluster console: the live state from /cluster/events (no token), and
// controls that go through the gateway's admin API with the admin token. The token is
// held in a variable of this script only: never in localStorage, sessionStorage or a
// cookie, so that it is gone when the page is closed or reloaded.
'use strict';

(() => {
	// none of the status colours (green UP, amber DRAINING, red DOWN, violet ejected)
	const PALETTE = ['#2563eb', '#0891b2', '#db2777', '#4f46e5', '#65a30d', '#475569', '#a16207', '#c026d3',
		'#0284c7', '#e11d48'];

	const $ = (id) => document.getElementById(id);

	let adminToken = null;
	let state = null;
	const colors = new Map();
	const chaosKnown = new Map();
	const policyEdits = new Set();

	// ---- small DOM helpers: text only, never HTML from data ----

	function el(tag, props, ...children) {
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

	function colorOf(instanceId) {
		if (!colors.has(instanceId)) {
			colors.set(instanceId, PALETTE[colors.size % PALETTE.length]);
		}
		return colors.get(instanceId);
	}

	function shortName(instanceId) {
		const digits = /(\d+)$/.exec(instanceId);
		return digits ? digits[1].slice(-3) : instanceId.slice(0, 2);
	}

	function swatch(instanceId) {
		const node = el('span', { className: 'swatch' });
		node.style.background = colorOf(instanceId);
		return node;
	}

	let messageTimer = null;

	function say(text, isError) {
		const message = $('message');
		message.textContent = text;
		message.classList.toggle('error', Boolean(isError));
		message.hidden = false;
		clearTimeout(messageTimer);
		messageTimer = setTimeout(() => { message.hidden = true; }, isError ? 8000 : 3000);
	}

	// ---- the admin token ----

	function askToken(reason) {
		const dialog = $('token-dialog');
		const input = $('token-input');
		$('token-error').textContent = reason || '';
		$('token-error').hidden = !reason;
		input.value = '';
		return new Promise((resolve) => {
			const done = (value) => {
				$('token-form').removeEventListener('submit', onSubmit);
				$('token-cancel').removeEventListener('click', onCancel);
				dialog.removeEventListener('cancel', onCancel);
				input.value = '';
				if (dialog.open) {
					dialog.close();
				}
				resolve(value);
			};
			const onSubmit = (event) => {
				event.preventDefault();
				done(input.value.trim() || null);
			};
			const onCancel = (event) => {
				event.preventDefault();
				done(null);
			};
			$('token-form').addEventListener('submit', onSubmit);
			$('token-cancel').addEventListener('click', onCancel);
			dialog.addEventListener('cancel', onCancel);
			dialog.showModal();
			input.focus();
		});
	}

	function setToken(token) {
		adminToken = token;
		$('forget-token').hidden = !token;
	}

	class Cancelled extends Error {
	}

	async function admin(method, path, body) {
		for (let attempt = 0; attempt < 3; attempt++) {
			if (!adminToken) {
				const token = await askToken((attempt > 0) ? 'The gateway refused that token.' : null);
				if (!token) {
					throw new Cancelled();
				}
				setToken(token);
				loadChaos();
			}
			const headers = { Authorization: 'Bearer ' + adminToken, Accept: 'application/json' };
			if (body !== undefined) {
				headers['Content-Type'] = 'application/json';
			}
			const response = await fetch(path, {
				method,
				headers,
				body: (body !== undefined) ? JSON.stringify(body) : undefined,
				credentials: 'omit',
				cache: 'no-store',
			});
			if (response.status !== 401) {
				const answer = await response.json().catch(() => null);
				if (!response.ok) {
					throw new Error((answer && answer.detail) || (method + ' ' + path + ': ' + response.status));
				}
				return answer;
			}
			setToken(null);
		}
		throw new Error('The gateway refused the admin token');
	}

	async function act(what, action) {
		try {
			await action();
			say(what);
		}
		catch (error) {
			if (!(error instanceof Cancelled)) {
				say(error.message, true);
			}
		}
	}

	// ---- routes ----

	function renderRoutes() {
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
			const current = state.routes[routeId];
			row.querySelector('.policy').textContent = current.policy
				+ (current.hashKey ? ' (' + current.hashKey + ')' : '');
			const select = row.querySelector('select');
			if (select.options.length !== state.policies.length) {
				select.replaceChildren(...state.policies.map((name) => el('option', { value: name, textContent: name })));
			}
			if (!policyEdits.has(routeId)) {
				select.value = current.policy;
				row.querySelector('.hash-key').value = current.hashKey || '';
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
		const policy = row.querySelector('select').value;
		row.querySelector('.hash-key').hidden = policy !== 'consistent-hash';
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
			renderRoutes();
		});
	}

	// ---- instances ----

	function renderInstances() {
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
		const text = (selector, value) => {
			const node = row.querySelector(selector);
			if (node.textContent !== String(value)) {
				node.textContent = value;
			}
		};
		row.dataset.status = instance.status;
		row.dataset.ejected = instance.ejected;
		text('.address', instance.host + ':' + instance.port);
		const status = row.querySelector('.status');
		status.replaceChildren(el('span', { className: 'badge ' + instance.status, textContent: instance.status }));
		if (instance.ejected) {
			status.append(el('span', { className: 'badge ejected', textContent: 'ejected' }));
		}
		text('.weight', instance.weight);
		text('.in-flight', instance.inFlight);
		text('.ewma', instance.ewmaMillis.toFixed(1) + ' ms');
		row.querySelector('.bar > span').style.width = (instance.share * 100).toFixed(1) + '%';
		text('.share .value', Math.round(instance.share * 100) + '% (' + instance.recent + ')');
		text('.requests', instance.requests);
		text('.failures', instance.failures);
		const chaos = chaosKnown.get(instance.instanceId);
		text('.chaos-now', describeChaos(chaos));
		row.querySelector('.chaos-now').classList.toggle('active', describeChaos(chaos) !== 'none');
		const drain = row.querySelector('.drain');
		const draining = instance.status === 'DRAINING';
		text('.drain', draining ? 'Undrain' : 'Drain');
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

	function setChaos(instanceId, latency, errors) {
		const body = {
			latencyMs: latency.value === '' ? 0 : Number(latency.value),
			errorRate: errors.value === '' ? 0 : Number(errors.value) / 100,
		};
		return act(`Chaos set on ${instanceId}`, async () => {
			const view = await admin('PUT', '/admin/instances/' + encodeURIComponent(instanceId) + '/chaos', body);
			chaosKnown.set(instanceId, view || body);
			render();
		});
	}

	function clearChaos(instanceId) {
		return act(`Chaos cleared on ${instanceId}`, async () => {
			await admin('DELETE', '/admin/instances/' + encodeURIComponent(instanceId) + '/chaos');
			chaosKnown.set(instanceId, { latencyMs: 0, errorRate: 0 });
			render();
		});
	}

	// once the token is known, show the chaos each node has now
	function loadChaos() {
		if (!state || !adminToken) {
			return;
		}
		state.instances.forEach(async (instance) => {
			try {
				const response = await fetch('/admin/instances/' + encodeURIComponent(instance.instanceId) + '/chaos', {
					headers: { Authorization: 'Bearer ' + adminToken, Accept: 'application/json' },
					credentials: 'omit',
					cache: 'no-store',
				});
				if (response.ok) {
					chaosKnown.set(instance.instanceId, await response.json());
					render();
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
				render();
			}
		});
	}

	// ---- send requests ----

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

	// ---- the live state ----

	function render() {
		if (!state) {
			return;
		}
		renderRoutes();
		renderInstances();
		const up = state.instances.filter((instance) => instance.status === 'UP' && !instance.ejected).length;
		const policies = Object.entries(state.routes).map(([routeId, route]) => routeId + ': ' + route.policy);
		$('summary').textContent = `${state.instances.length} instances · ${up} taking new requests · ${policies.join(' · ')}`;
	}

	function setLive(liveState, text) {
		const live = $('live');
		live.dataset.state = liveState;
		live.textContent = text;
	}

	function connect() {
		const source = new EventSource('/cluster/events');
		source.addEventListener('state', (event) => {
			const first = !state;
			state = JSON.parse(event.data);
			render();
			if (first) {
				loadChaos();
			}
			setLive('live', 'live · ' + new Date().toLocaleTimeString());
		});
		source.addEventListener('open', () => setLive('live', 'live'));
		// EventSource reconnects by itself, after the retry the stream set
		source.addEventListener('error', () => setLive('reconnecting', 'reconnecting…'));
	}

	$('send-form').addEventListener('submit', sendRequests);
	$('forget-token').addEventListener('click', () => {
		setToken(null);
		say('Admin token forgotten');
	});
	connect();
})();
