// The cart panel: shared session state in Redis. Adds an item through whichever node the
// balancer picks, then reads the cart until another node answers: any node serves it.
import { $, el, json, say } from '../dom.js';

const MAX_READS = 6;

function line(what, answer) {
	const items = (answer.body.items || []).map((item) => item.sku + ' × ' + item.qty).join(', ') || 'empty';
	return el('li', { dataset: { servedBy: answer.servedBy || '', action: what } },
		el('strong', { textContent: what }), ' through ', el('code', { textContent: answer.servedBy || '?' }),
		': ' + items + ' (' + answer.body.totalQuantity + ')');
}

async function addThenRead(event) {
	event.preventDefault();
	const sku = $('cart-sku').value.trim() || 'sku-1';
	const log = $('cart-log');
	$('cart-result').textContent = '';
	$('cart-result').dataset.done = 'false';
	try {
		const added = await json('POST', '/api/cart/items', { sku, qty: 1 });
		log.replaceChildren(line('add', added));
		let read = null;
		for (let i = 0; i < MAX_READS; i++) {
			read = await json('GET', '/api/cart');
			log.append(line('read', read));
			if (read.servedBy !== added.servedBy) {
				break;
			}
		}
		const other = read.servedBy !== added.servedBy;
		const found = (read.body.items || []).some((item) => item.sku === sku);
		$('cart-result').dataset.otherNode = String(other);
		$('cart-result').dataset.found = String(found);
		$('cart-result').textContent = other
			? `${read.servedBy} read the cart that ${added.servedBy} wrote: ${found ? 'the item is there' : 'the item is missing'}`
			: `every read went to ${added.servedBy}: the policy keeps this client on one node`;
	}
	catch (error) {
		say(error.message, true);
	}
	finally {
		$('cart-result').dataset.done = 'true';
	}
}

async function clear() {
	try {
		await fetch('/api/cart', { method: 'DELETE', cache: 'no-store' });
		$('cart-log').replaceChildren();
		$('cart-result').textContent = 'cart emptied';
	}
	catch (error) {
		say(error.message, true);
	}
}

export function init() {
	$('cart-form').addEventListener('submit', addThenRead);
	$('cart-clear').addEventListener('click', clear);
}
