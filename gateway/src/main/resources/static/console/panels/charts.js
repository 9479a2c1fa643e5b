// The live charts: requests per second, p50/p99 latency and errors per second of each
// instance over the last minutes, from the states the gateway streams. The page keeps a
// ring buffer of samples; policy switches and ejections are drawn as markers.
import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';
import { $, colorOf, el } from '../dom.js';

const CAPACITY = 300;
const HEIGHT = 170;

const samples = [];
const markers = [];
let previous = null;
let instanceIds = [];
const charts = new Map();

const CHARTS = [
	{ id: 'chart-rps', unit: 'req/s', series: [{ label: '', value: (s) => s.rps }] },
	{
		id: 'chart-latency', unit: 'ms', series: [
			{ label: ' p50', value: (s) => s.p50 },
			{ label: ' p99', value: (s) => s.p99, dash: [6, 4] },
		],
	},
	{ id: 'chart-errors', unit: 'errors/s', series: [{ label: '', value: (s) => s.errors }] },
];

/** Take one state: one sample per instance, and markers for what changed. */
export function record(state) {
	const now = Date.now() / 1000;
	const sample = { t: now, values: new Map() };
	state.instances.forEach((instance) => {
		const before = previous && previous.instances.get(instance.instanceId);
		const seconds = previous ? Math.max(0.001, now - previous.t) : 0;
		sample.values.set(instance.instanceId, {
			rps: before ? Math.max(0, instance.requests - before.requests) / seconds : null,
			errors: before ? Math.max(0, instance.failures - before.failures) / seconds : null,
			p50: instance.recent > 0 ? instance.p50Millis : null,
			p99: instance.recent > 0 ? instance.p99Millis : null,
		});
		if (before && instance.ejected && !before.ejected) {
			markers.push({ t: now, kind: 'ejection', label: instance.instanceId + ' ejected', color: '#7c3aed' });
		}
	});
	if (previous) {
		Object.entries(state.routes).forEach(([routeId, route]) => {
			if (previous.policies[routeId] && previous.policies[routeId] !== route.policy) {
				markers.push({ t: now, kind: 'policy', label: routeId + ' → ' + route.policy, color: '#111827' });
			}
		});
	}
	previous = {
		t: now,
		instances: new Map(state.instances.map((instance) => [instance.instanceId, instance])),
		policies: Object.fromEntries(Object.entries(state.routes).map(([routeId, route]) => [routeId, route.policy])),
	};
	if (previous.instances.size > 0 || samples.length > 0) {
		samples.push(sample);
	}
	while (samples.length > CAPACITY) {
		samples.shift();
	}
	while (markers.length && markers[0].t < (samples.length ? samples[0].t : now)) {
		markers.shift();
	}
	draw(state.instances.map((instance) => instance.instanceId).sort());
}

function draw(ids) {
	if (ids.join() !== instanceIds.join()) {
		instanceIds = ids;
		charts.forEach((chart) => chart.destroy());
		charts.clear();
	}
	const xs = samples.map((sample) => sample.t);
	CHARTS.forEach((spec) => {
		const data = [xs];
		instanceIds.forEach((instanceId) => spec.series.forEach((series) => data.push(samples.map((sample) => {
			const values = sample.values.get(instanceId);
			return values ? series.value(values) : null;
		}))));
		let chart = charts.get(spec.id);
		if (!chart) {
			chart = create(spec, data);
			charts.set(spec.id, chart);
		}
		else {
			chart.setData(data);
		}
		const container = $(spec.id);
		container.dataset.points = String(xs.length);
		const last = data.slice(1).map((values) => values[values.length - 1]).filter((value) => value != null);
		container.dataset.last = String(last.reduce((sum, value) => sum + value, 0));
	});
	$('markers').replaceChildren(...markers.map((marker) => el('li', { dataset: { kind: marker.kind } },
		new Date(marker.t * 1000).toLocaleTimeString() + ' ' + marker.label)));
}

function create(spec, data) {
	const container = $(spec.id);
	container.replaceChildren();
	const series = [{}];
	instanceIds.forEach((instanceId) => spec.series.forEach((line) => series.push({
		label: instanceId + line.label,
		stroke: colorOf(instanceId),
		width: 1.5,
		dash: line.dash,
		spanGaps: false,
		value: (u, value) => (value == null ? '–' : value.toFixed(1)),
	})));
	return new uPlot({
		width: Math.max(280, container.clientWidth || 400),
		height: HEIGHT,
		series,
		axes: [{}, { label: spec.unit, size: 56 }],
		scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] } },
		legend: { live: false },
		plugins: [markerPlugin()],
	}, data, container);
}

function markerPlugin() {
	return {
		hooks: {
			draw: [(u) => {
				const { ctx } = u;
				const { top, height } = u.bbox;
				markers.forEach((marker, index) => {
					if (marker.t < u.scales.x.min || marker.t > u.scales.x.max) {
						return;
					}
					const x = Math.round(u.valToPos(marker.t, 'x', true));
					ctx.save();
					ctx.strokeStyle = marker.color;
					ctx.fillStyle = marker.color;
					ctx.lineWidth = devicePixelRatio;
					ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
					ctx.beginPath();
					ctx.moveTo(x, top);
					ctx.lineTo(x, top + height);
					ctx.stroke();
					ctx.font = (11 * devicePixelRatio) + 'px system-ui, sans-serif';
					// labels of nearby markers on three rows, so that they overlap less
					ctx.fillText(marker.label, x + 4 * devicePixelRatio, top + (12 + 12 * (index % 3)) * devicePixelRatio);
					ctx.restore();
				});
			}],
		},
	};
}

export function init() {
	window.addEventListener('resize', () => charts.forEach((chart, id) => chart.setSize({
		width: Math.max(280, $(id).clientWidth || 400), height: HEIGHT,
	})));
}
