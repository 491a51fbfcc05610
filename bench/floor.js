'use strict';
/**
 * The floor: the same requests with Node's own HTTP client and nothing else. Like n8n's HTTP
 * helpers (a new agent per request, so `Connection: close`) and like both nodes (all items'
 * requests started at once, then awaited together), each request opens its own connection;
 * each answer is read whole and parsed as JSON.
 */
const http = require('node:http');

function roundTrip({ method, url, headers, form }) {
	const body = form ? new URLSearchParams(form).toString() : '';
	const requestHeaders = { ...headers };
	if (method !== 'GET') requestHeaders['Content-Length'] = Buffer.byteLength(body);
	if (form) requestHeaders['Content-Type'] = 'application/x-www-form-urlencoded';
	return new Promise((resolve, reject) => {
		const request = http.request(url, { method, headers: requestHeaders, agent: false }, (response) => {
			const chunks = [];
			response.on('data', (chunk) => chunks.push(chunk));
			response.on('end', () => {
				try {
					resolve({ status: response.statusCode, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
				} catch (error) {
					reject(error);
				}
			});
			response.on('error', reject);
		});
		request.on('error', reject);
		request.end(body);
	});
}

/** `count` round trips of `spec`, started together; resolves with their answers. */
function floorRun(spec, count) {
	return Promise.all(Array.from({ length: count }, () => roundTrip(spec)));
}

module.exports = { floorRun };
