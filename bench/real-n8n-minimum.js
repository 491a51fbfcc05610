'use strict';
/**
 * The declarative minimum (bench/declarative-minimum.js) as the real n8n loads it: a community
 * package of its own, n8n-nodes-bench-minimum, written at run time into n8n's community-package
 * folder, with two node types per case:
 *
 * - `<case>`: the base URL and every header (the key included) written literally in
 *   `requestDefaults`, as the HTTP Request node has them pasted into its parameters;
 * - `<case>Credential`: the same, but the key comes from a credential (benchMinimumApi: a header
 *   name and value, authenticated exactly as n8n's Header Auth credential does it), so that the
 *   minimum pays what any credentialed declarative node pays in the real n8n: RoutingNode asks
 *   n8n to authenticate each request, which reads the credential from the database, decrypts it
 *   and resolves the credential's expressions, once per request.
 *
 * Both have no hooks (no checks, no error mapping, no normalization); a list case splits its
 * list into items with one postReceive function, as Split Out does after the HTTP Request node.
 * Loopback only: the base URL is the bench fake's.
 */
const fs = require('node:fs');
const path = require('node:path');

const { minimumDescription } = require('./declarative-minimum');

const PACKAGE = 'n8n-nodes-bench-minimum';
const CREDENTIAL_TYPE = 'benchMinimumApi';

/** A node type name for a case id ('aaio-balance' → 'aaioBalance'), with or without credential. */
const typeName = (caseId, withCredential) =>
	caseId.replace(/-(\w)/g, (_, letter) => letter.toUpperCase()) + (withCredential ? 'Credential' : '');

/** The header that carries the key of `request` (the one that is not Accept). */
function keyHeader(request) {
	return Object.entries(request.headers).find(([header]) => header.toLowerCase() !== 'accept');
}

/** The source of one node type file. */
function nodeSource(name, request, splitOut, withCredential) {
	const [keyName] = keyHeader(request);
	const headers = withCredential
		? Object.fromEntries(Object.entries(request.headers).filter(([header]) => header !== keyName))
		: request.headers;
	const description = minimumDescription({
		name,
		displayName: `Bench minimum ${name}`,
		request,
		headers,
		credentials: withCredential ? [{ name: CREDENTIAL_TYPE, required: true }] : undefined,
	});
	// The split is a function: written as source, put into the description at load time.
	const split = splitOut
		? `
const splitPath = ${JSON.stringify(splitOut)};
description.properties[1].options[0].routing.output = {
	postReceive: [
		async function (items) {
			return items.flatMap(({ json }) => {
				const list = splitPath.split('.').reduce((value, key) => (value == null ? value : value[key]), json);
				const entries = Array.isArray(list) ? list : Object.values(list || {});
				return entries.map((entry) => ({ json: entry }));
			});
		},
	],
};`
		: '';
	const className = name[0].toUpperCase() + name.slice(1);
	return `'use strict';
const description = ${JSON.stringify(description, null, '\t')};${split}
class ${className} {
	constructor() {
		this.description = description;
	}
}
module.exports = { ${className} };
`;
}

const credentialSource = `'use strict';
class BenchMinimumApi {
	constructor() {
		this.name = '${CREDENTIAL_TYPE}';
		this.displayName = 'Bench minimum API';
		this.properties = [
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{ displayName: 'Value', name: 'value', type: 'string', typeOptions: { password: true }, default: '' },
		];
		// As n8n's Header Auth credential (httpHeaderAuth) authenticates.
		this.authenticate = { type: 'generic', properties: { headers: { '={{$credentials.name}}': '={{$credentials.value}}' } } };
	}
}
module.exports = { BenchMinimumApi };
`;

/**
 * Writes the package into `<userFolder>/.n8n/nodes/node_modules/` (where n8n finds community
 * packages) for `cases` (bench/cases.js) against the fake at `url`; returns, per case id,
 * { plain, credential } node types and the credential to import for it.
 */
function installMinimumPackage(userFolder, cases, url) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const dir = path.join(nodesDir, 'node_modules', PACKAGE);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
	const nodes = [];
	const types = {};
	const credentials = [];
	for (const benchCase of cases) {
		const request = benchCase.request(url);
		const [name, value] = keyHeader(request);
		for (const withCredential of [false, true]) {
			const type = typeName(benchCase.id, withCredential);
			const className = type[0].toUpperCase() + type.slice(1);
			fs.writeFileSync(path.join(dir, 'dist', `${className}.node.js`), nodeSource(type, request, benchCase.splitOut, withCredential));
			nodes.push(`dist/${className}.node.js`);
		}
		const credential = {
			id: `benchMin${benchCase.id.replace(/\W/g, '')}`.slice(0, 16).padEnd(16, '0'),
			name: `${benchCase.id} key for the minimum`,
			type: CREDENTIAL_TYPE,
			data: { name, value },
		};
		credentials.push(credential);
		types[benchCase.id] = {
			plain: `${PACKAGE}.${typeName(benchCase.id, false)}`,
			credential: `${PACKAGE}.${typeName(benchCase.id, true)}`,
			credentialRef: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
		};
	}
	fs.writeFileSync(path.join(dir, 'dist', 'BenchMinimumApi.credentials.js'), credentialSource);
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		JSON.stringify(
			{
				name: PACKAGE,
				version: '0.0.1',
				keywords: ['n8n-community-node-package'],
				n8n: { n8nNodesApiVersion: 1, nodes, credentials: ['dist/BenchMinimumApi.credentials.js'] },
			},
			null,
			2,
		),
	);
	// n8n's record of installed packages in that folder.
	const ledgerPath = path.join(nodesDir, 'package.json');
	const ledger = fs.existsSync(ledgerPath) ? JSON.parse(fs.readFileSync(ledgerPath, 'utf8')) : { name: 'installed-nodes', private: true };
	ledger.dependencies = { ...ledger.dependencies, [PACKAGE]: '0.0.1' };
	fs.writeFileSync(ledgerPath, JSON.stringify(ledger, null, 2));
	return { types, credentials };
}

module.exports = { installMinimumPackage, PACKAGE };
