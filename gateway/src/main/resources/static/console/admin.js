// The admin token and the calls that need it. The token is held in a variable of this
// module only: never in localStorage, sessionStorage or a cookie, so that it is gone when
// the page is closed or reloaded.
import { $, say } from './dom.js';

let adminToken = null;
const tokenListeners = [];

export class Cancelled extends Error {
}

/** Call back once a token is given, e.g. to load what only the admin API shows. */
export function onToken(listener) {
	tokenListeners.push(listener);
}

export function hasToken() {
	return Boolean(adminToken);
}

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

/** An admin call that asks for the token first when it is not known, and again on 401. */
export async function admin(method, path, body) {
	for (let attempt = 0; attempt < 3; attempt++) {
		if (!adminToken) {
			const token = await askToken((attempt > 0) ? 'The gateway refused that token.' : null);
			if (!token) {
				throw new Cancelled();
			}
			setToken(token);
			tokenListeners.forEach((listener) => listener());
		}
		const response = await adminFetch(method, path, body);
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

/** An admin call with the token known now, that never asks for one. */
export function adminFetch(method, path, body) {
	const headers = { Authorization: 'Bearer ' + adminToken, Accept: 'application/json' };
	if (body !== undefined) {
		headers['Content-Type'] = 'application/json';
	}
	return fetch(path, {
		method,
		headers,
		body: (body !== undefined) ? JSON.stringify(body) : undefined,
		credentials: 'omit',
		cache: 'no-store',
	});
}

/** Run an action and say how it went; a cancelled token dialog says nothing. */
export async function act(what, action) {
	try {
		const result = await action();
		say(typeof what === 'function' ? what(result) : what);
		return result;
	}
	catch (error) {
		if (!(error instanceof Cancelled)) {
			say(error.message, true);
		}
		return undefined;
	}
}

export function init() {
	$('forget-token').addEventListener('click', () => {
		setToken(null);
		say('Admin token forgotten');
	});
}
