'use strict';
/**
 * Both action nodes as AI Agent tools (n8n's synthetic `<name>Tool` type, invoked through
 * n8n-core's makeHandleToolInvocation as an agent's call is): Payout → Create is refused unless
 * the node allows agents to pay out; reading is not; the tool description says what it costs.
 */
const { SANDBOX, useFakeApi, expectNoSecrets } = require('../helpers/fixtures');
const { invokeAsAgentTool } = require('../helpers/n8n-engine');

const fake = useFakeApi();

const PAYOUTS = {
	aaio: { orderId: 'agent-1', method: 'cards_ru', amount: '1200', wallet: '2200700098765432' },
	morune: { orderId: 'agent-1', method: 'card', amount: '1000', wallet: '5536910012345678' },
};
const credentials = (provider) => ({ [`${provider}Api`]: { ...SANDBOX[provider], baseUrl: fake.api.url } });
const tool = (provider, parameters) => invokeAsAgentTool({ type: provider, parameters, credentials: credentials(provider) });

describe.each(Object.keys(PAYOUTS))('%s as an AI Agent tool', (provider) => {
	test('Payout → Create is refused by default, and nothing is sent', async () => {
		const { answer } = await tool(provider, { resource: 'payout', operation: 'create', ...PAYOUTS[provider] });

		await expect(answer).rejects.toThrow(
			`Payouts are off for AI agents: this ${provider} node runs as an agent's tool, and nothing was sent. To let an agent pay out, turn on "Allow AI Agents to Create Payouts" in the node (a fixed value, not an expression).`,
		);
		expect(fake.api.requests).toHaveLength(0);
	});

	test('with "Allow AI Agents to Create Payouts" on, the payout is created once', async () => {
		const { answer } = await tool(provider, { resource: 'payout', operation: 'create', ...PAYOUTS[provider], allowAgentPayouts: true });

		const response = JSON.parse(await answer);
		expect(response).toEqual([expect.objectContaining({ provider, orderId: 'agent-1', alreadyExisted: false })]);
		expect(fake.api.requests.filter((request) => /create/.test(request.path))).toHaveLength(1);
	});

	test('reading the balance needs no such option', async () => {
		const { answer } = await tool(provider, { resource: 'balance', operation: 'get' });

		expect(JSON.parse(await answer)).toEqual([expect.objectContaining({ provider, currency: 'RUB' })]);
	});

	test('the option shows only on the tool; the tool description says what each operation does and costs, without secrets', async () => {
		const { description, answer } = await tool(provider, { resource: 'balance', operation: 'get' });
		await answer;
		const option = description.properties.find((property) => property.name === 'allowAgentPayouts');
		expect(option.default).toBe(false);
		expect(option.displayOptions.show['@tool']).toEqual([true]);

		const actions = description.properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) => property.options.map((option) => option.action));
		expect(actions).toContain('Create a payout: moves money from the balance, the provider fee applies; reuse the order ID when retrying');
		for (const action of actions) expect(action).toMatch(/read only, free|no request is sent|moves money|the customer pays|not for AI agents/);
		expectNoSecrets({ items: description, error: undefined }, Object.values(SANDBOX[provider]).filter((value) => String(value).length > 12));
	});
});
