'use strict';
/**
 * The ways of making a case's request, each returning what it produced so that every
 * run can be checked (right item count, right items, no error) before its time counts:
 *
 * - `ours`:  our node, run by n8n's engine (test/helpers/n8n-engine.js → WorkflowExecute →
 *            RoutingNode), the package loaded from dist/ by PackageDirectoryLoader;
 * - `http`:  n8n's HTTP Request node (newest version) in the same engine, with the same method,
 *            URL and headers set as header parameters; for a list case followed by Split Out;
 * - `minimum`: the declarative minimum (bench/declarative-minimum.js), the smallest declarative
 *            node making the same request through the same engine path as ours: what n8n's
 *            RoutingNode costs by itself;
 * - `floor`: the bare round trips (bench/floor.js).
 */
const { runWorkflow } = require('../test/helpers/n8n-engine');
const { credentialsOf } = require('./cases');
const { declarativeMinimum } = require('./declarative-minimum');
const { floorRun } = require('./floor');
const { loadHttpRequestNode, requireFromBase } = require('./n8n-nodes-base');

const VARIANTS = ['ours', 'http', 'minimum', 'floor'];

const asParameters = (values) => Object.entries(values).map(([name, value]) => ({ name, value }));

/** The HTTP Request node's parameters for the same request. */
function httpRequestParameters({ method, url, headers, form }) {
	return {
		method,
		url,
		sendHeaders: true,
		specifyHeaders: 'keypair',
		headerParameters: { parameters: asParameters(headers) },
		...(form && {
			sendBody: true,
			contentType: 'form-urlencoded',
			specifyBody: 'keypair',
			bodyParameters: { parameters: asParameters(form) },
		}),
		options: {},
	};
}

let httpNodes;
/** The n8n-nodes-base nodes the `http` variant uses, loaded once. */
function loadBaseNodes() {
	if (!httpNodes) {
		const { SplitOut } = requireFromBase('dist/nodes/Transform/SplitOut/SplitOut.node.js');
		httpNodes = {
			httpRequest: loadHttpRequestNode(),
			splitOut: { nodeType: new SplitOut(), type: 'n8n-nodes-base.splitOut', version: 1 },
		};
	}
	return httpNodes;
}

const inputItems = (count) => Array.from({ length: count }, (_, index) => ({ json: { index } }));

/** The runners of one case against the fake at `url`: variant → (count) → { items, error }. */
function runnersFor(benchCase, url) {
	const request = benchCase.request(url);
	const credentials = credentialsOf[benchCase.provider](url);
	return {
		ours: (count) =>
			runWorkflow({
				nodes: [{ ...benchCase.ours, name: 'Ours', credentials }],
				items: inputItems(count),
			}),
		http: (count) => {
			const { httpRequest, splitOut } = loadBaseNodes();
			const nodes = [
				{
					name: 'HTTP Request',
					type: httpRequest.type,
					nodeType: httpRequest.nodeType,
					typeVersion: httpRequest.newestVersion,
					parameters: httpRequestParameters(request),
				},
			];
			if (benchCase.splitOut) {
				nodes.push({
					name: 'Split Out',
					type: splitOut.type,
					nodeType: splitOut.nodeType,
					typeVersion: splitOut.version,
					parameters: { fieldToSplitOut: benchCase.splitOut },
				});
			}
			return runWorkflow({ nodes, items: inputItems(count) });
		},
		minimum: (count) => {
			const minimum = declarativeMinimum(request, benchCase.splitOut);
			return runWorkflow({ nodes: [{ ...minimum, name: 'Declarative minimum' }], items: inputItems(count) });
		},
		floor: async (count) => {
			const answers = await floorRun(request, count);
			const failed = answers.find((answer) => answer.status !== 200);
			return {
				items: answers.map((answer) => ({ json: answer.json })),
				error: failed && new Error(`HTTP ${failed.status}: ${JSON.stringify(failed.json)}`),
			};
		},
	};
}

/** Throws unless a run made `expected` items that the case's check accepts, without error. */
function checkRun(benchCase, variant, result, expected) {
	const where = `${benchCase.label}, ${variant}`;
	if (result.error) throw new Error(`${where}: the run failed: ${result.error.message}`);
	if (result.items.length !== expected) {
		throw new Error(`${where}: ${result.items.length} items instead of ${expected}`);
	}
	// The declarative minimum makes the same items as HTTP Request (→ Split Out).
	const check = benchCase.check[variant === 'minimum' ? 'http' : variant];
	const wrong = result.items.find((item) => !check(item.json));
	if (wrong) throw new Error(`${where}: unexpected item ${JSON.stringify(wrong.json).slice(0, 300)}`);
}

module.exports = { VARIANTS, runnersFor, checkRun, httpRequestParameters, loadBaseNodes };
