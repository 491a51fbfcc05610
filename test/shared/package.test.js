'use strict';
// The package as n8n sees it: what package.json declares, what the loader finds, and the
// conventions n8n asks of community nodes.
const fs = require('node:fs');
const path = require('node:path');
const { loadPackage } = require('../helpers/n8n-engine');

const root = path.resolve(__dirname, '..', '..');
const pkg = require('../../package.json');

test('package.json is a community node package with no runtime dependencies', () => {
	expect(pkg.name).toBe('n8n-nodes-aaio-morune');
	expect(pkg.keywords).toContain('n8n-community-node-package');
	expect(pkg.license).toBe('MIT');
	expect(pkg.files).toEqual(['dist']);
	expect(pkg.dependencies).toBeUndefined();
	expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) {
		expect(pkg.scripts[script]).toBeUndefined();
	}
	expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
	for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
		expect(file).toMatch(/^dist\//);
		expect(fs.existsSync(path.join(root, file))).toBe(true);
	}
});

test('n8n loads both nodes and both credentials, with their icons', async () => {
	const loader = await loadPackage();

	expect(Object.keys(loader.nodeTypes).sort()).toEqual([
		'aaio',
		'aaioBalanceTrigger',
		'aaioTrigger',
		'morune',
		'moruneBalanceTrigger',
		'moruneTrigger',
	]);
	expect(Object.keys(loader.credentialTypes).sort()).toEqual(['aaioApi', 'moruneApi']);
	const described = [
		...Object.values(loader.nodeTypes).map(({ type }) => type.description),
		...Object.values(loader.credentialTypes).map(({ type }) => type),
	];
	for (const { iconUrl } of described) {
		expect(iconUrl.light).not.toBe(iconUrl.dark);
		for (const url of [iconUrl.light, iconUrl.dark]) {
			const file = url.replace(`icons/${pkg.name}/`, '');
			expect(fs.readFileSync(path.join(root, file), 'utf8')).toMatch(/^<svg /);
		}
	}
});

test.each(['aaioBalanceTrigger', 'moruneBalanceTrigger'])('the %s trigger follows n8n conventions', async (name) => {
	const { type, sourcePath } = (await loadPackage()).nodeTypes[name];
	const { description } = type;

	expect(typeof type.poll).toBe('function');
	expect(description.usableAsTool).toBeUndefined(); // triggers are not tools
	expect(description.group).toEqual(['trigger']);
	expect(description.subtitle).toBeTruthy();
	expect(description.codex.categories).toEqual(['Finance & Accounting']);
	const codex = JSON.parse(fs.readFileSync(sourcePath.replace(/\.js$/, '.json'), 'utf8'));
	expect(codex.node).toBe(`${pkg.name}.${name}`);
});

test.each(['aaioTrigger', 'moruneTrigger'])(
	'the %s node has versions 1 and 2 (2 for new workflows), alike but for the number',
	async (name) => {
		const { description } = (await loadPackage()).nodeTypes[name].type;

		// n8n 2.41 evaluates an expression for every notification to a version-1 trigger
		// (webhook-helpers.js, parseRequestBody); the node is the same in both versions.
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
		// Nothing in the nodes' code looks at the version.
		const sources = fs.readdirSync(path.join(root, 'nodes'), { recursive: true }).filter((file) => file.endsWith('.ts'));
		for (const file of sources) expect(fs.readFileSync(path.join(root, 'nodes', file), 'utf8')).not.toMatch(/typeVersion/);
	},
);

test.each(['aaioPayment', 'moruneInvoice'])('a %s notification gives the same item to versions 1 and 2', async (kind) => {
	const { KINDS, deliver, receiverFor, closeReceivers } = require('../helpers/fixtures');
	const items = [];
	try {
		for (const typeVersion of [1, 2]) {
			const off = { ignoreRepeats: false, confirmWithProvider: false };
			const hook = await receiverFor(kind, { typeVersion, parameters: off });
			expect((await deliver(hook.url, KINDS[kind].build())).status).toBe(200);
			items.push(hook.executions[0][0][0].json);
		}
	} finally {
		await closeReceivers();
	}
	expect(items[0]).toEqual(items[1]);
	expect(items[0]).toMatchObject({ event: 'payment', status: 'paid' });
});

test.each(['aaio', 'morune'])('the %s node follows n8n conventions', async (name) => {
	const { type, sourcePath } = (await loadPackage()).nodeTypes[name];
	const { description } = type;

	expect(type.execute).toBeUndefined(); // declarative: RoutingNode runs it
	// A literal: the transport sends every request to the credential's Base URL.
	expect(description.requestDefaults.baseURL).toMatch(/^https:\/\/[a-z.]+$/);
	expect(description.usableAsTool).toBe(true);
	expect(description.subtitle).toBeTruthy();
	// The loader read the codex file next to the node.
	expect(description.codex.categories).toEqual(['Finance & Accounting']);
	expect(description.credentials).toEqual([{ name: `${name}Api`, required: true }]);

	const resource = description.properties.find((property) => property.name === 'resource');
	expect(resource.options).toContainEqual({ name: 'Balance', value: 'balance' });
	const names = resource.options.map((option) => option.name);
	// Sorted, with the package's own Custom API Call last, as n8n places its own (customApiCall.ts).
	expect(names).toEqual([...names.slice(0, -1)].sort().concat('Custom API Call'));
	// Every operation has an action in sentence case, and Balance → Get is "Get balance".
	const operations = description.properties.filter((property) => property.name === 'operation');
	for (const property of operations) {
		// Sentence case; a clause after it (in parentheses or after a colon) says what it costs and
		// whether it moves money: n8n gives an AI agent the action as the tool's description.
		for (const option of property.options) expect(option.action).toMatch(/^[A-Z][a-z]+( [a-z0-9A-Z]+)*(:? [(a-z][a-zA-Z0-9 ,;()]*[a-z)])?$/);
	}
	const balance = operations.find((property) => property.displayOptions.show.resource.includes('balance'));
	expect(balance.options.map(({ name: option, value, action }) => ({ option, value, action }))).toEqual([
		{ option: 'Get', value: 'get', action: 'Get balance (read only, free)' },
		{
			option: 'Custom API Call',
			value: 'customApiCall',
			action: 'Make a custom API call (any endpoint below the Base URL; never payouts; not for AI agents)',
		},
	]);
	const simplify = description.properties.find((property) => property.name === 'simplify');
	expect(simplify).toMatchObject({ type: 'boolean', default: true });
	// n8n adds its Request Options (timeout, batching, proxy …) to declarative nodes.
	expect(description.properties.map((property) => property.name)).toContain('requestOptions');

	const codex = JSON.parse(fs.readFileSync(sourcePath.replace(/\.js$/, '.json'), 'utf8'));
	expect(codex).toMatchObject({
		node: `${pkg.name}.${name}`,
		nodeVersion: '1.0',
		codexVersion: '1.0',
		categories: ['Finance & Accounting'],
	});
	expect(codex.resources.primaryDocumentation[0].url).toMatch(/^https:\/\//);
	expect(codex.resources.credentialDocumentation[0].url).toMatch(/^https:\/\//);
});

test.each(['aaio', 'morune'])(
	'the %s node shows exactly one Simplify switch for every operation that calls the API',
	async (name) => {
		const { NodeHelpers } = require('n8n-workflow');
		const { description } = (await loadPackage()).nodeTypes[name].type;
		const switches = description.properties.filter((property) => property.name === 'simplify');
		const resources = description.properties.find((property) => property.name === 'resource').options;
		let operationCount = 0;
		for (const { value: resource } of resources) {
			const operations = description.properties.find(
				(property) => property.name === 'operation' && property.displayOptions.show.resource.includes(resource),
			).options;
			for (const { value: operation } of operations) {
				operationCount++;
				const parameters = { resource, operation, simplify: true };
				const shown = switches.filter((property) =>
					NodeHelpers.displayParameter(parameters, property, { typeVersion: 1 }, description, parameters),
				);
				// Notification → Verify Signature makes no request, Custom API Call returns the answer as it
				// came: nothing to simplify.
				const plain = resource === 'notification' || operation === 'customApiCall';
				expect([`${resource} → ${operation}`, shown.length]).toEqual([`${resource} → ${operation}`, plain ? 0 : 1]);
			}
		}
		expect(operationCount).toBeGreaterThan(6);
		// Balance → Get's switch names the normalized keys (issue 3's table).
		const balanceSwitch = switches.find((property) => property.displayOptions.show.resource.includes('balance'));
		expect(balanceSwitch.displayOptions.show.resource).toEqual(['balance']);
		expect(balanceSwitch.description).toContain('provider, currency, available, frozen, referral, total, checkedAt');
	},
);
