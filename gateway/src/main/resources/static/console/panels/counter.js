// The local counter panel: state held in one node's memory, keyed by the session. N
// increments count right only when every one reaches the same node (affinity).
import { $, el, json, say, swatch } from '../dom.js';

async function run(event) {
	event.preventDefault();
	const count = Math.max(2, Math.min(50, Number($('counter-count').value) || 10));
	const result = $('counter-result');
	const steps = $('counter-steps');
	result.dataset.done = 'false';
	steps.replaceChildren();
	const answers = [];
	try {
		for (let i = 0; i < count; i++) {
			const answer = await json('POST', '/api/local/counter');
			answers.push(answer);
			steps.append(el('li', { dataset: { servedBy: answer.servedBy || '' } }, swatch(answer.servedBy || ''),
				String(answer.body.count)));
		}
		const first = answers[0].body.count;
		const right = answers.filter((answer, index) => answer.body.count === first + index).length;
		const nodes = [...new Set(answers.map((answer) => answer.servedBy))];
		result.dataset.right = String(right);
		result.dataset.total = String(count);
		result.dataset.correct = String(right === count);
		result.textContent = `${right} of ${count} increments counted in sequence, served by ${nodes.join(', ')}: `
			+ (right === count ? 'right, one node kept this session' : 'wrong, each node counts in its own memory');
	}
	catch (error) {
		say(error.message, true);
	}
	finally {
		result.dataset.done = 'true';
	}
}

export function init() {
	$('counter-form').addEventListener('submit', run);
}
