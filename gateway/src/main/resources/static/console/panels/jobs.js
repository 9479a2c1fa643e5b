// The jobs panel: a long job started through one node and cancelled through another,
// since the balancer sends the next request elsewhere; its state read back from any node.
import { $, el, json, say, text } from '../dom.js';

let job = null;

function show(what, answer) {
	$('jobs-log').append(el('li', { dataset: { action: what, servedBy: answer.servedBy || '' } },
		el('strong', { textContent: what }), ' through ', el('code', { textContent: answer.servedBy || '?' }),
		answer.body ? ': ' + answer.body.state + ', ' + answer.body.progress + '%, owner ' + answer.body.owner : ''));
}

async function start(event) {
	event.preventDefault();
	const durationMs = Math.max(1000, Math.min(600000, Number($('jobs-duration').value) * 1000 || 30000));
	$('jobs-log').replaceChildren();
	try {
		const started = await json('POST', '/api/jobs', { durationMs });
		job = { id: started.body.id, startedBy: started.servedBy };
		show('start', started);
		$('jobs-cancel').disabled = false;
		$('jobs-result').dataset.state = started.body.state;
		text($('jobs-result'), `job ${job.id} runs on ${started.body.owner}`);
	}
	catch (error) {
		say(error.message, true);
	}
}

async function cancel() {
	if (!job) {
		return;
	}
	try {
		const cancelled = await json('DELETE', '/api/jobs/' + encodeURIComponent(job.id));
		show('cancel', cancelled);
		$('jobs-result').dataset.cancelledBy = cancelled.servedBy || '';
		$('jobs-result').dataset.startedBy = job.startedBy || '';
		for (let i = 0; i < 40; i++) {
			const read = await json('GET', '/api/jobs/' + encodeURIComponent(job.id));
			if (read.body.state !== 'RUNNING') {
				show('read', read);
				$('jobs-result').dataset.state = read.body.state;
				text($('jobs-result'), `started through ${job.startedBy}, cancelled through ${cancelled.servedBy}: `
					+ read.body.state + ' (read through ' + read.servedBy + ')');
				break;
			}
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		$('jobs-cancel').disabled = true;
	}
	catch (error) {
		say(error.message, true);
	}
}

export function init() {
	$('jobs-form').addEventListener('submit', start);
	$('jobs-cancel').addEventListener('click', cancel);
}
