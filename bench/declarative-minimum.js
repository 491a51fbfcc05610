'use strict';
/**
 * The "declarative minimum" of the benchmark: the smallest declarative node that makes a case's
 * request, run by the same engine path as ours (WorkflowExecute → n8n-core's RoutingNode). It is
 * a yardstick, not a product: it shows what RoutingNode itself costs against the HTTP Request
 * node, apart from anything a real node adds.
 *
 * Compared with our nodes it has:
 * - two properties (resource, operation) plus the Request Options n8n adds to every declarative
 *   node, instead of one set per resource and operation;
 * - the base URL and the headers written literally in `requestDefaults`, as the HTTP Request
 *   node has them in its parameters, instead of the base URL read from the credential by an
 *   expression, and an API key sent by the credential;
 * - no hooks: no credential checks, no timeout default, no error mapping, no normalization.
 * For a list case, one postReceive function splits the list into items, as Split Out does after
 * the HTTP Request node.
 */
const { RoutingNode } = require('n8n-core');
const { DirectoryLoader } = require('n8n-core/dist/nodes-loader/directory-loader');

const TYPE = 'bench.declarativeMinimum';

/** What Split Out makes of the list at `path`: an array's entries, or an object's values. */
function splitList(path) {
	return async function (items) {
		return items.flatMap(({ json }) => {
			const list = path.split('.').reduce((value, key) => value?.[key], json);
			const entries = Array.isArray(list) ? list : Object.values(list ?? {});
			return entries.map((entry) => ({ json: entry }));
		});
	};
}

/**
 * The minimum's description, plain data (the real-n8n bench writes it into a package's source):
 * two properties, the base URL and `headers` literal in `requestDefaults`, the case's request.
 */
function minimumDescription({ name, displayName, request, headers = request.headers, credentials }) {
	const url = new URL(request.url);
	return {
		displayName,
		name,
		group: ['transform'],
		version: 1,
		description: 'The smallest declarative node making the request',
		defaults: { name: displayName },
		inputs: ['main'],
		outputs: ['main'],
		...(credentials && { credentials }),
		requestDefaults: { baseURL: url.origin, headers },
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Request', value: 'request' }],
				default: 'request',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['request'] } },
				options: [
					{
						name: 'Send',
						value: 'send',
						action: 'Send the request',
						routing: {
							request: {
								method: request.method,
								url: url.pathname,
								...(request.form && {
									body: new URLSearchParams(request.form).toString(),
									headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
								}),
							},
						},
					},
				],
				default: 'send',
			},
		],
	};
}

/** The node type and parameters of the declarative minimum for `request` (see bench/cases.js). */
function declarativeMinimum(request, splitOut) {
	const description = minimumDescription({ name: 'declarativeMinimum', displayName: 'Declarative minimum', request });
	if (splitOut) description.properties[1].options[0].routing.output = { postReceive: [splitList(splitOut)] };
	const nodeType = { description };
	// As n8n's loader does for every declarative node: adds the Request Options collection.
	DirectoryLoader.applyDeclarativeNodeOptionParameters(nodeType);
	// As n8n's NodeTypes does for a node without `execute`: runs it through RoutingNode.
	nodeType.execute = async function () {
		return (await new RoutingNode(this, nodeType).runNode()) ?? [];
	};
	return { type: TYPE, nodeType, parameters: { resource: 'request', operation: 'send' } };
}

module.exports = { declarativeMinimum, minimumDescription };
