'use strict';
const { testCredential, loadPackage } = require('../helpers/n8n-engine');
const { SANDBOX, useFakeApi } = require('../helpers/fixtures');

const fake = useFakeApi();

describe('aaioApi credential', () => {
	const aaio = (extra = {}) => ({ apiKey: SANDBOX.aaio.apiKey, baseUrl: fake.api.url, ...extra });

	test('is password-masked, has a documentation URL, an icon and defaults to https://aaio.so', async () => {
		const { type } = (await loadPackage()).credentialTypes.aaioApi;
		const byName = Object.fromEntries(type.properties.map((property) => [property.name, property]));

		expect(byName.apiKey).toMatchObject({ required: true, typeOptions: { password: true } });
		expect(byName.baseUrl.default).toBe('https://aaio.so');
		expect(type.documentationUrl).toMatch(/^https:\/\//);
	});

	test('its test request calls the balance endpoint with X-Api-Key and passes with a good key', async () => {
		expect(await testCredential('aaioApi', aaio())).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(fake.api.requests).toHaveLength(1);
		expect(fake.api.requests[0]).toMatchObject({ method: 'POST', path: '/api/balance' });
		expect(fake.api.requests[0].headers['x-api-key']).toBe(SANDBOX.aaio.apiKey);
	});

	test('fails with a wrong key (HTTP 401)', async () => {
		expect(await testCredential('aaioApi', aaio({ apiKey: 'wrong' }))).toEqual({
			status: 'Error',
			message: 'aaio rejected the API key (HTTP 401). Copy it again from aaio.so/business/api/keys.',
		});
	});

	test.each(['fail', 'error'])('fails when aaio answers HTTP 200 with type "%s"', async (type) => {
		fake.api.intercept(() => ({ status: 200, body: { type, code: '401', message: 'Неверный ключ' } }));
		const result = await testCredential('aaioApi', aaio());

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^aaio answered with (an error|a failure): the API key is wrong/);
	});

	test('fails on a rate limit', async () => {
		fake.api.intercept(() => ({ status: 429, body: { type: 'error', message: 'Too many' } }));
		expect((await testCredential('aaioApi', aaio())).message).toContain('HTTP 429');
	});
});

describe('moruneApi credential', () => {
	const morune = (extra = {}) => ({ ...SANDBOX.morune, baseUrl: fake.api.url, ...extra });

	test('has a user ID, a password-masked secret key and defaults to https://api.morune.com', async () => {
		const { type } = (await loadPackage()).credentialTypes.moruneApi;
		const byName = Object.fromEntries(type.properties.map((property) => [property.name, property]));

		expect(byName.userId).toMatchObject({ required: true });
		expect(byName.userId.typeOptions?.password).toBeUndefined();
		expect(byName.secretKey).toMatchObject({ required: true, typeOptions: { password: true } });
		expect(byName.baseUrl.default).toBe('https://api.morune.com');
		expect(type.documentationUrl).toMatch(/^https:\/\//);
	});

	test('its test request calls the balance endpoint with the raw secret and passes', async () => {
		expect((await testCredential('moruneApi', morune())).status).toBe('OK');
		const [request] = fake.api.requests;
		expect(request).toMatchObject({
			method: 'GET',
			path: `/account/users/${SANDBOX.morune.userId}/balance`,
		});
		expect(request.headers['x-api-signature-sha256']).toBe(SANDBOX.morune.secretKey);
	});

	test.each([
		['a wrong secret key', { secretKey: 'wrong' }, 'morune rejected the user ID or the secret key (HTTP 401).'],
		['a user ID that is not a UUID', { userId: 'not-a-uuid' }, 'morune rejected the user ID (HTTP 422)'],
	])('fails with %s', async (_, extra, message) => {
		const result = await testCredential('moruneApi', morune(extra));

		expect(result.status).toBe('Error');
		expect(result.message).toContain(message);
	});

	test('fails when morune answers HTTP 200 with status_check false', async () => {
		fake.api.intercept(() => ({ status: 200, body: { data: null, error: 'Нет доступа', status: 403, status_check: false } }));
		expect(await testCredential('moruneApi', morune())).toEqual({
			status: 'Error',
			message: 'morune answered with an error. Check the user ID and the secret key.',
		});
	});
});
