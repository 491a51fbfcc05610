'use strict';
/**
 * What a server reflects of the key, outside the body's JSON strings: in a header (Content-Type),
 * in the HTTP reason phrase, split by markup that an excerpt removes, and in each base64 form.
 * Each through n8n's engine against a server on 127.0.0.1 that answers with the key in it.
 */
const http = require('node:http');
const { runNode } = require('../helpers/n8n-engine');
const { SANDBOX } = require('../helpers/fixtures');

/**
 * A key whose base64 forms all differ: standard (with "+", "/" and "=" padding), unpadded and
 * URL-safe, so that dropping any one of them from the redaction leaves a test failing.
 */
const KEY = 'key>>>?~~~>>>?sandbox-redaction';
const base64 = Buffer.from(KEY).toString('base64');

let server;
let answer;
beforeAll(async () => {
	server = http.createServer((req, res) => {
		req.resume();
		req.on('end', () => answer(res));
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const balance = () =>
	runNode({
		type: 'aaio',
		parameters: { resource: 'balance', operation: 'get' },
		credentials: { aaioApi: { ...SANDBOX.aaio, apiKey: KEY, baseUrl: `http://127.0.0.1:${server.address().port}` } },
	});

/** The whole error as a user or a log could see it. */
const seen = (error) => JSON.stringify({ message: error.message, description: error.description, response: error.errorResponse });

test('the test key’s base64 forms differ from one another', () => {
	const forms = [base64, base64.replace(/=+$/, ''), Buffer.from(KEY).toString('base64url')];
	expect(new Set(forms).size).toBe(3);
	expect(base64).toMatch(/[+/]/);
	expect(base64).toMatch(/=$/);
});

test('a key echoed in the Content-Type of a page that is not JSON is redacted', async () => {
	answer = (res) => {
		res.writeHead(502, { 'content-type': `text/html; key=${KEY}` });
		res.end('<h1>Bad gateway</h1>');
	};
	const { error } = await balance();

	expect(error.message).toContain('not JSON (text/html; key=[redacted])');
	expect(seen(error)).not.toContain(KEY);
});

test('a key in the HTTP reason phrase is not the provider’s message', async () => {
	answer = (res) => {
		res.writeHead(400, `Bad key ${KEY}`, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ type: 'error' }));
	};
	const { error } = await balance();

	expect(error.message).toMatch(/^aaio rejected the request \(HTTP 400\)/);
	expect(seen(error)).not.toContain(KEY);
});

test('a key split by markup is redacted in the excerpt, where the markup is gone', async () => {
	const half = KEY.length / 2;
	answer = (res) => {
		res.writeHead(500, { 'content-type': 'text/html' });
		res.end(`<p>key: ${KEY.slice(0, half)}<b></b>${KEY.slice(half)}</p>`);
	};
	const { error } = await balance();

	expect(error.description).toBe('Start of the response: key: [redacted]');
	expect(seen(error)).not.toContain(KEY);
});

test.each([
	['standard base64', base64],
	['unpadded base64', base64.replace(/=+$/, '')],
	['base64url', Buffer.from(KEY).toString('base64url')],
])('a key echoed as %s in the provider’s message is redacted', async (_, form) => {
	answer = (res) => {
		res.writeHead(401, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ type: 'error', code: 401, message: `Unknown key ${form}` }));
	};
	const { error } = await balance();

	expect(error.message).toContain('Unknown key [redacted]');
	expect(seen(error)).not.toContain(form);
});
