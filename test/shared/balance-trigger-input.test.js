'use strict';
/**
 * Balance triggers: the Threshold as n8n hands it over (a number from the field, or an
 * expression's result, which is text for $vars), and a change of the balance's currency.
 */
const { createPoller } = require('../helpers/n8n-engine');
const { SANDBOX, useFakeApi } = require('../helpers/fixtures');
const balanceTrigger = require('../../dist/nodes/shared/balanceTrigger');

const fake = useFakeApi();
beforeEach(() => balanceTrigger.forgetWrittenTokens());

const poller = (parameters, type = 'aaioBalanceTrigger') =>
	createPoller({
		type,
		parameters,
		credentials:
			type === 'aaioBalanceTrigger'
				? { aaioApi: { apiKey: SANDBOX.aaio.apiKey, baseUrl: fake.api.url } }
				: { moruneApi: { ...SANDBOX.morune, baseUrl: fake.api.url } },
	});
const setAaio = (fields) => Object.assign(fake.api.state.aaio.balance, fields);

describe('Threshold', () => {
	// What a $vars variable (always text) or another expression can give.
	test.each([
		['"5 000"', '={{ "5 000" }}', 'not "5 000" (text)'],
		['"1000,50"', '={{ "1000,50" }}', 'not "1000,50" (text)'],
		['"" (an unset variable)', '={{ "" }}', 'not "" (text)'],
		['"1e3"', '={{ "1e3" }}', 'not "1e3" (text)'],
		['"5000 RUB"', '={{ "5000 RUB" }}', 'not "5000 RUB" (text)'],
		['-5', '={{ -5 }}', 'not -5.'],
		['null', '={{ null }}', 'not null.'],
	])('%s is refused before any request, on every poll, with the value in the message', async (_label, threshold, shown) => {
		for (const event of ['fellBelow', 'roseAbove']) {
			const trigger = await poller({ event, threshold });
			for (let poll = 0; poll < 2; poll++) {
				const error = await trigger.poll().catch((caught) => caught);
				expect(error).toBeInstanceOf(Error);
				expect(error.message).toContain(`The Threshold must be a number such as 5000 or 1000.50, ${shown}`);
				expect(error.description).toMatch(/A value from \$vars is text/);
			}
			expect(trigger.staticData()).toEqual({});
			// "Fetch Test Event" in the editor says the same.
			await expect(trigger.poll('manual')).rejects.toThrow('The Threshold must be a number');
		}
		expect(fake.api.requests).toHaveLength(0);
	});

	test('text holding a number ("5000", " 1000.50 ") is read as that number', async () => {
		setAaio({ balance: 6000 });
		const trigger = await poller({ event: 'fellBelow', threshold: '={{ "5000" }}' });
		expect(await trigger.poll()).toBeNull();
		setAaio({ balance: 4999.99 });
		expect(await trigger.poll()).toHaveLength(1);

		setAaio({ balance: 1000.5 });
		const rose = await poller({ event: 'roseAbove', threshold: '={{ " 1000.50 " }}', fireOnFirstCheck: true });
		expect(await rose.poll()).toBeNull(); // 1000.50 is not above 1000.50
		setAaio({ balance: 1000.51 });
		expect(await rose.poll()).toHaveLength(1);
	});

	test('Balance Changed has no threshold and ignores a stale one', async () => {
		const trigger = await poller({ event: 'balanceChanged', threshold: '={{ "5 000" }}' });
		expect(await trigger.poll()).toBeNull();
	});
});

describe('a change of currency between polls', () => {
	test('is an event of its own (currencyChanged), never a comparison across currencies', async () => {
		setAaio({ balance: 6000 });
		const trigger = await poller({ event: 'fellBelow', threshold: 5000 });
		expect(await trigger.poll()).toBeNull();

		// 70 USD is not "below 5000" compared with 6000 RUB: it is a different account currency.
		setAaio({ balance: 70, currency: 'USD' });
		const fired = await trigger.poll();
		expect(fired).toHaveLength(1);
		expect(fired[0].json).toMatchObject({
			currency: 'USD',
			available: 70,
			previous: { currency: 'RUB', available: 6000 },
			change: null,
			event: 'currencyChanged',
			possibleRepeat: false,
		});
		// From then on the balance is compared in USD, with USD memory.
		expect(await trigger.poll()).toBeNull();
		expect(trigger.staticData().lastBalance).toMatchObject({ currency: 'USD', available: 70 });
	});

	test('fires for Balance Changed and Rose Above too, also when the amounts are equal', async () => {
		for (const event of ['balanceChanged', 'roseAbove']) {
			fake.api.reset();
			setAaio({ balance: 100 });
			const trigger = await poller({ event, threshold: 5000 });
			expect(await trigger.poll()).toBeNull();
			setAaio({ currency: 'EUR' });
			const fired = await trigger.poll();
			expect(fired[0].json).toMatchObject({ event: 'currencyChanged', currency: 'EUR', change: null, previous: { currency: 'RUB' } });
		}
	});

	test('morune: the currency in the answer counts the same way', async () => {
		const trigger = await poller({ event: 'balanceChanged' }, 'moruneBalanceTrigger');
		expect(await trigger.poll()).toBeNull();
		fake.api.state.morune.balance.currency = 'USD';
		const fired = await trigger.poll();
		expect(fired[0].json).toMatchObject({ provider: 'morune', event: 'currencyChanged', currency: 'USD', previous: { currency: 'RUB' } });
	});
});
