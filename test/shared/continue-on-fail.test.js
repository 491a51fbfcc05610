'use strict';
const { useFakeApi, runAaio, runMorune, expectNoSecrets } = require('../helpers/fixtures');

const fake = useFakeApi();
const ITEMS = 1000;

// Every third request fails, in turn with a server error, a rate limit and an HTML page.
function failEveryThirdRequest(provider) {
	const failures = [
		{ status: 500, body: provider === 'aaio' ? { type: 'error', code: 500, message: 'Сбой' } : { data: null, error: 'Сбой', status: 500, status_check: false } },
		{ status: 429, headers: { 'retry-after': '5' }, body: { message: 'Too many requests' } },
		{ status: 502, headers: { 'content-type': 'text/html' }, body: '<h1>Bad gateway</h1>' },
	];
	let failed = 0;
	fake.api.intercept((_, count) => (count % 3 === 0 ? failures[failed++ % failures.length] : undefined));
}

describe.each([
	['aaio', runAaio],
	['morune', runMorune],
])('%s with Continue On Fail, 1,000 items, every third request failing', (provider, run) => {
	test.each(['continueRegularOutput', 'continueErrorOutput'])('onError %s', async (onError) => {
		failEveryThirdRequest(provider);
		const items = Array.from({ length: ITEMS }, (_, index) => ({ json: { index } }));
		// A generous timeout: 1,000 parallel requests on a busy 2-core machine are slow, and this
		// test counts the failures the fake makes, not timeouts.
		const parameters = { requestOptions: { timeout: 60_000 } };
		const result = await run(fake.api, { items, parameters, settings: { onError } });

		expect(result.error).toBeUndefined();
		expect(fake.api.requests).toHaveLength(ITEMS);

		const outputs = result.run.data.resultData.runData['Node under test'][0].data.main;
		const all = outputs.flat();
		expect(all).toHaveLength(ITEMS);

		const failed = all.filter((item) => item.json.error !== undefined);
		const succeeded = all.filter((item) => item.json.error === undefined);
		expect(failed).toHaveLength(Math.floor(ITEMS / 3));
		expect(succeeded).toHaveLength(ITEMS - Math.floor(ITEMS / 3));

		// Every input is answered exactly once, by an item paired to it.
		const paired = all.map((item) => item.pairedItem.item).sort((a, b) => a - b);
		expect(paired).toEqual(items.map((_, index) => index));

		for (const item of succeeded) expect(item.json.provider).toBe(provider);
		for (const item of failed) expect(item.json.error).toMatch(new RegExp(provider));
		expect(new Set(failed.map((item) => item.json.error.split(' (')[0]))).toEqual(
			new Set([`${provider} server error`, `${provider} rate limit reached`, `${provider} sent a response that is not JSON`]),
		);

		if (onError === 'continueErrorOutput') {
			expect(outputs[0]).toHaveLength(succeeded.length);
			expect(outputs[1]).toHaveLength(failed.length);
			expect(outputs[1].every((item) => item.json.error !== undefined)).toBe(true);
		}
		expectNoSecrets(result);
	});
});

test('without Continue On Fail the first failure fails the run and no item is output', async () => {
	failEveryThirdRequest('aaio');
	const items = Array.from({ length: 9 }, (_, index) => ({ json: { index } }));
	const result = await runAaio(fake.api, { items });

	expect(result.error.message).toMatch(/^aaio /);
	expect(result.items).toEqual([]);
	// All requests of the batch were sent once; none was repeated.
	expect(fake.api.requests).toHaveLength(9);
});

test('a credential refused before sending becomes a paired error item too', async () => {
	const items = [{ json: {} }, { json: {} }];
	const result = await runAaio(fake.api, {
		apiKey: '',
		items,
		settings: { onError: 'continueRegularOutput' },
	});

	expect(result.items).toEqual([
		{ json: { error: expect.stringContaining('The API key in the Aaio API credential is empty.') }, pairedItem: { item: 0 }, error: expect.anything() },
		{ json: { error: expect.stringContaining('The API key in the Aaio API credential is empty.') }, pairedItem: { item: 1 }, error: expect.anything() },
	]);
	expect(fake.api.requests).toHaveLength(0);
});
