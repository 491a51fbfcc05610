'use strict';
/**
 * Runs this package's nodes with n8n's own engine: the package is loaded by n8n-core's
 * PackageDirectoryLoader (as n8n loads a community package, so the Request Options that n8n
 * adds to declarative nodes are there), and executed by WorkflowExecute, which runs
 * declarative nodes through RoutingNode. Only the credential store is a stand-in: it hands
 * out the credentials given to `runNode` and applies a credential type's generic
 * `authenticate` the way n8n's CredentialsHelper does.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// n8n-core writes its instance settings (with a generated encryption key) into the user folder
// when first loaded: a folder of our own, removed when the test file (or, outside jest, the
// process) ends.
if (!process.env.N8N_USER_FOLDER) {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-aaio-morune-'));
	process.env.N8N_USER_FOLDER = userFolder;
	const removeUserFolder = () => fs.rmSync(userFolder, { recursive: true, force: true });
	if (typeof afterAll === 'function') afterAll(removeUserFolder);
	else process.once('exit', removeUserFolder);
}

const {
	ExecuteContext,
	ExecutionLifecycleHooks,
	HookContext,
	PackageDirectoryLoader,
	PollContext,
	RoutingNode,
	TriggersAndPollers,
	WebhookContext,
	WorkflowExecute,
} = require('n8n-core');
const http = require('node:http');
const querystring = require('node:querystring');
const { ICredentialsHelper, LoggerProxy, NodeHelpers, Workflow } = require('n8n-workflow');

const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_NAME = require(path.join(PACKAGE_ROOT, 'package.json')).name;

/** Every line the engine logs or prints, to check that no secret is ever logged. */
const logLines = [];
// n8n's logger writes through console (which jest intercepts) and the streams.
for (const method of ['log', 'info', 'warn', 'error', 'debug']) {
	const original = console[method].bind(console);
	console[method] = (...args) => {
		logLines.push(args.map((arg) => (typeof arg === 'string' ? arg : safeStringify(arg))).join(' '));
		return original(...args);
	};
}
for (const stream of [process.stdout, process.stderr]) {
	const write = stream.write.bind(stream);
	stream.write = (chunk, ...rest) => {
		logLines.push(String(chunk));
		return write(chunk, ...rest);
	};
}
const capture =
	(level) =>
	(message, meta) => {
		logLines.push(`${level} ${message} ${meta === undefined ? '' : safeStringify(meta)}`);
	};
LoggerProxy.init({
	error: capture('error'),
	warn: capture('warn'),
	info: capture('info'),
	debug: capture('debug'),
	scoped: () => LoggerProxy,
});
// n8n's own Logger (what node contexts hand out as `this.logger`) writes through winston to the
// console. Every line it would write is recorded instead, not printed: a quiet test log, and the
// same record for the checks that no secret is ever logged.
{
	const { Logger } = require('@n8n/backend-common');
	Logger.prototype.log = function (level, message, metadata) {
		logLines.push(`${level} ${message} ${metadata === undefined ? '' : safeStringify(metadata)}`);
	};
}

function safeStringify(value) {
	const seen = new WeakSet();
	return JSON.stringify(value, (key, inner) => {
		if (typeof inner === 'object' && inner !== null) {
			if (seen.has(inner)) return '[circular]';
			seen.add(inner);
		}
		if (inner instanceof Error) {
			return { ...inner, name: inner.name, message: inner.message, stack: inner.stack };
		}
		return inner;
	});
}

let loaderPromise;
/** The package as n8n loads it (from dist/, after `npm run build`). */
function loadPackage() {
	loaderPromise ??= (async () => {
		if (!fs.existsSync(path.join(PACKAGE_ROOT, 'dist'))) {
			throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
		}
		const loader = new PackageDirectoryLoader(PACKAGE_ROOT);
		await loader.loadAll();
		return loader;
	})();
	return loaderPromise;
}

function nodeTypesOf(loader) {
	const byName = (type) => {
		const short = type.startsWith(`${PACKAGE_NAME}.`) ? type.slice(PACKAGE_NAME.length + 1) : type;
		const found = loader.nodeTypes[short];
		if (!found) throw new Error(`Unknown node type ${type}`);
		return found.type;
	};
	return {
		getByName: byName,
		getKnownTypes: () => ({}),
		getByNameAndVersion(type, version) {
			const nodeType = NodeHelpers.getVersionedNodeType(byName(type), version);
			// What n8n's NodeTypes does for a declarative node (packages/cli/src/node-types.ts).
			if (!nodeType.execute && nodeType.description.requestDefaults) {
				nodeType.execute = async function () {
					return (await new RoutingNode(this, nodeType).runNode()) ?? [];
				};
			}
			return nodeType;
		},
	};
}

class TestCredentialsHelper extends ICredentialsHelper {
	constructor(loader, credentials) {
		super();
		this.loader = loader;
		this.credentials = credentials;
		// How often a credential was read (in n8n, each read is a database read and a decryption).
		this.reads = 0;
	}

	credentialType(type) {
		const found = this.loader.credentialTypes[type];
		if (!found) throw new Error(`Unknown credential type ${type}`);
		return found.type;
	}

	getParentTypes() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	// The generic authentication of n8n's CredentialsHelper: resolve each expression of
	// `authenticate.properties` against the credential and merge it into the request.
	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		const { authenticate } = this.credentialType(typeName);
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		for (const [outerKey, values] of Object.entries(authenticate.properties)) {
			requestOptions[outerKey] ??= {};
			for (const [key, value] of Object.entries(values)) {
				requestOptions[outerKey][key] = String(
					workflow.expression.getSimpleParameterValue(
						node,
						value,
						'internal',
						{ $credentials: credentials },
						undefined,
						'',
					),
				);
			}
		}
		return requestOptions;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials() {
		throw new Error('not used');
	}

	async getDecrypted(_additionalData, _nodeCredentials, type) {
		this.reads++;
		if (!this.credentials[type]) throw new Error(`No test credentials of type ${type}`);
		const defaults = Object.fromEntries(
			this.credentialType(type).properties.map((property) => [property.name, property.default]),
		);
		return { ...defaults, ...this.credentials[type] };
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties(type) {
		return this.credentialType(type).properties;
	}
}

function additionalDataFor(credentialsHelper, hooks) {
	return {
		credentialsHelper,
		hooks,
		variables: {},
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formBaseUrl: '',
		formWaitingBaseUrl: '',
		formTestBaseUrl: '',
		webhookBaseUrl: '',
		webhookWaitingBaseUrl: '',
		webhookTestBaseUrl: '',
		mcpBaseUrl: '',
		mcpTestBaseUrl: '',
		logAiEvent: () => {},
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: async () => {
			throw new Error('not used');
		},
	};
}

/**
 * Executes one node of this package in a one-node workflow.
 *
 * @param {object} options
 * @param {string} options.type       'aaio' or 'morune'
 * @param {object} options.parameters the node's parameters (resource, operation, simplify, requestOptions …)
 * @param {object} options.credentials credential data by type, e.g. { aaioApi: { apiKey, baseUrl } }
 * @param {object[]} [options.items]  input items (default: one empty item)
 * @param {object} [options.settings] node settings: onError, retryOnFail, maxTries, waitBetweenTries
 * @returns {{ items: object[], error: Error | undefined, run: object, runData: object }}
 */
async function runNode({ type, parameters, credentials, items = [{ json: {} }], settings = {}, executionId }) {
	return await runWorkflow({
		nodes: [{ name: 'Node under test', type, parameters, credentials, settings }],
		items,
		executionId,
	});
}

/** Each test workflow gets a credential ID of its own, as each test's credential is another one. */
let credentialCount = 0;

/**
 * An active workflow holding one trigger node of this package, its parameters completed with
 * their defaults the way n8n does.
 */
async function activeWorkflowWith({ id, name, type, typeVersion = 1, parameters, credentials, webhookId }) {
	const loader = await loadPackage();
	const credentialType = Object.keys(credentials)[0];
	const node = {
		id,
		name,
		type: `${PACKAGE_NAME}.${type}`,
		typeVersion,
		position: [0, 0],
		parameters,
		credentials: { [credentialType]: { id: `cred-${++credentialCount}`, name: 'Test credential' } },
		...(webhookId ? { webhookId } : {}),
	};
	const workflow = new Workflow({
		id: `${id}-workflow`,
		nodes: [node],
		connections: {},
		nodeTypes: nodeTypesOf(loader),
		active: true,
		staticData: {},
	});
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, typeVersion);
	node.parameters = NodeHelpers.getNodeParameters(
		nodeType.description.properties,
		node.parameters,
		true,
		false,
		node,
		nodeType.description,
	);
	return { node, workflow, nodeType, credentialsHelper: new TestCredentialsHelper(loader, credentials) };
}

/**
 * An active workflow with one polling trigger of this package, polled the way n8n's active
 * workflows poll (TriggersAndPollers.runPollFunction with a PollContext). The workflow, and
 * with it the node's static data, lives across polls.
 *
 * @returns {{ poll: (mode?: 'trigger' | 'manual') => Promise<object[] | null>, staticData: () => object }}
 */
async function createPoller({ type, parameters, credentials }) {
	const { node, workflow, credentialsHelper } = await activeWorkflowWith({
		id: 'trigger-under-test',
		name: 'Trigger under test',
		type,
		parameters,
		credentials,
	});
	const additionalData = additionalDataFor(credentialsHelper, undefined);
	const pollers = new TriggersAndPollers();
	return {
		async poll(mode = 'trigger') {
			const context = new PollContext(workflow, node, additionalData, mode, 'activate');
			const result = await pollers.runPollFunction(workflow, node, context);
			return result === null ? null : result[0];
		},
		/** The trigger node's static data, as plain JSON (what n8n saves). */
		staticData: () => JSON.parse(JSON.stringify(workflow.getStaticData('node', node))),
	};
}

/** A Node response with the parts of Express's that n8n's webhook code uses (status, json, send). */
function expressResponse(res) {
	const response = Object.assign(res, {
		status(code) {
			res.statusCode = code;
			return response;
		},
		json(payload) {
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify(payload));
			return response;
		},
		send(payload) {
			res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
			return response;
		},
	});
	return response;
}

/**
 * A webhook trigger of this package (Aaio Trigger, Morune Trigger) in an active workflow,
 * served on 127.0.0.1 the way n8n 2.41 activates it and serves its live webhook (read in
 * n8n/dist: active-workflow-manager.js, webhooks/webhook.service.js, webhooks/live-webhooks.js,
 * middlewares/body-parser.js, abstract-server.js, workflows/workflow-static-data.service.js):
 *
 *  - `activate()` runs the node's webhookMethods (checkExists, then create) with a HookContext;
 *  - the body is parsed as n8n's parseBody does: JSON only for `application/json`, a form with
 *    `querystring.parse` (maxKeys 1000), `text/plain` as a string, anything else left `{}`;
 *    `rawBody` is the Buffer received;
 *  - `req.ip` is what Express gives with n8n's `trust proxy` = N8N_PROXY_HOPS (`proxyHops`):
 *    the connection's address, or, with N hops, the Nth X-Forwarded-For entry from the right;
 *  - the workflow, with its static data, is built afresh from a stored copy (the "database")
 *    for the activation and for every request, and its static data is stored back when it
 *    changed (`__dataChanged`). `restart()` stands for restarting n8n: the stored copy stays,
 *    the package's in-process memory (nodes/shared/replay, credentials) is forgotten;
 *  - each request reaches the node's `webhook()` through a WebhookContext; then, unless the node
 *    answered itself, the sender gets HTTP 200 at once (empty for responseData 'noData'), and
 *    any workflowData starts an execution (recorded in `executions`).
 *
 * Each request's CPU time inside webhook() is recorded in `cpu` (milliseconds, user + system).
 * `close()` stops the server.
 */
async function serveWebhookTrigger({ type, parameters, credentials, proxyHops = 0, typeVersion = 2 }) {
	const { node, workflow: activated, nodeType, credentialsHelper } = await activeWorkflowWith({
		id: 'notification-trigger-under-test',
		name: 'Notification trigger under test',
		type,
		typeVersion,
		parameters,
		credentials,
		webhookId: '5c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f',
	});
	const [webhookDescription] = nodeType.description.webhooks;
	const database = { staticData: {} };
	const executions = [];
	const cpu = [];

	const loadWorkflow = () =>
		new Workflow({
			id: activated.id,
			nodes: [JSON.parse(JSON.stringify(node))],
			connections: {},
			nodeTypes: activated.nodeTypes,
			active: true,
			staticData: JSON.parse(JSON.stringify(database.staticData)),
		});
	const saveStaticData = (workflow) => {
		if (workflow.staticData.__dataChanged !== true) return;
		database.staticData = JSON.parse(JSON.stringify(workflow.staticData));
		delete database.staticData.__dataChanged;
	};
	const webhookData = (workflow, additionalData) => ({
		httpMethod: webhookDescription.httpMethod,
		node: node.name,
		path: webhookDescription.path,
		webhookDescription,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
	});

	const clientAddress = (req) => {
		const socketAddress = req.socket.remoteAddress;
		if (!proxyHops) return socketAddress;
		const forwarded = String(req.headers['x-forwarded-for'] ?? '')
			.split(',')
			.map((entry) => entry.trim())
			.filter(Boolean)
			.reverse();
		const addresses = [socketAddress, ...forwarded];
		return addresses[Math.min(proxyHops, addresses.length - 1)];
	};

	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', async () => {
			const rawBody = Buffer.concat(chunks);
			const contentType = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
			let body = {};
			if (rawBody.length) {
				if (contentType === 'application/json') {
					try {
						body = JSON.parse(rawBody.toString('utf8'));
					} catch {
						res.statusCode = 422;
						return res.end('{"message":"Failed to parse request body"}');
					}
				} else if (contentType === 'application/x-www-form-urlencoded') {
					body = querystring.parse(rawBody.toString('utf8'), undefined, undefined, { maxKeys: 1000 });
				} else if (contentType === 'text/plain') {
					body = rawBody.toString('utf8');
				}
			}
			const request = Object.assign(req, { body, rawBody, query: {}, params: {}, ip: clientAddress(req), contentType });
			const response = expressResponse(res);
			const workflow = loadWorkflow();
			const additionalData = {
				...additionalDataFor(credentialsHelper, undefined),
				httpRequest: request,
				httpResponse: response,
			};
			let result;
			const started = process.cpuUsage();
			try {
				const context = new WebhookContext(
					workflow,
					workflow.getNode(node.name),
					additionalData,
					'webhook',
					webhookData(workflow, additionalData),
					[],
					null,
				);
				result = await nodeType.webhook.call(context);
			} catch (error) {
				return response.status(500).json({ message: String(error.message) });
			} finally {
				const used = process.cpuUsage(started);
				cpu.push((used.user + used.system) / 1000);
			}
			// What n8n does after webhook() returned: save changed static data, answer, execute.
			saveStaticData(workflow);
			if (result.noWebhookResponse) return;
			if (result.workflowData) executions.push(result.workflowData);
			if (result.workflowData && webhookDescription.responseData === 'noData') response.status(200).end();
			else response.status(200).json(result.webhookResponse ?? { message: 'Workflow was started' });
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

	return {
		url: `http://127.0.0.1:${server.address().port}/webhook/${node.webhookId}/webhook`,
		executions,
		cpu,
		database,
		/** Activates the workflow: the node's webhookMethods, then its static data saved. */
		async activate() {
			const workflow = loadWorkflow();
			const additionalData = additionalDataFor(credentialsHelper, undefined);
			const hook = (method) =>
				nodeType.webhookMethods.default[method].call(
					new HookContext(
						workflow,
						workflow.getNode(node.name),
						additionalData,
						'trigger',
						'activate',
						webhookData(workflow, additionalData),
					),
				);
			if (!(await hook('checkExists'))) await hook('create');
			saveStaticData(workflow);
		},
		/** How often the credential was read (in n8n: a database read, a decryption and an expression isolate). */
		credentialReads: () => credentialsHelper.reads,
		/** The stored credential (by type): change a field to stand for a person editing it in n8n. */
		credentials,
		/** Stands for an n8n restart: the stored static data stays, the process memory goes. */
		restart() {
			require(path.join(PACKAGE_ROOT, 'dist/nodes/shared/replay')).forgetReplayMemory();
			require(path.join(PACKAGE_ROOT, 'dist/nodes/shared/credentials')).forgetAllNotificationCredentials();
		},
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

/**
 * Tests a credential the way n8n's CredentialsTester does for a credential type with a
 * `test` request: RoutingNode sends the request with the credential's authentication, then
 * the `rules` decide (packages/cli/src/services/credentials-tester.service.ts).
 */
async function testCredential(type, data) {
	const loader = await loadPackage();
	const credentialType = loader.credentialTypes[type].type;
	const credentialsHelper = new TestCredentialsHelper(loader, {});
	const credentialsDecrypted = {
		id: 'cred-1',
		name: 'Test credential',
		type,
		data: await new TestCredentialsHelper(loader, { [type]: data }).getDecrypted(null, null, type),
	};
	const nodeType = {
		description: {
			displayName: 'Temp',
			name: 'temp',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: type, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: credentialType.test.request },
					default: '',
				},
			],
		},
	};
	const node = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'temp',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [type]: { id: 'cred-1', name: 'Test credential' } },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: {
			getByName: () => nodeType,
			getByNameAndVersion: () => nodeType,
			getKnownTypes: () => ({}),
		},
	});
	const additionalData = additionalDataFor(credentialsHelper, undefined);
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		{ resultData: { runData: {} } },
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const rules = credentialType.test.rules ?? [];
	let response;
	try {
		response = await new RoutingNode(context, nodeType, credentialsDecrypted).runNode();
	} catch (error) {
		const httpResponse = error.cause?.response;
		if (httpResponse) {
			for (const rule of rules) {
				if (rule.type === 'responseCode' && rule.properties.value === httpResponse.status) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			return {
				status: 'Error',
				message: httpResponse.statusText || `Received HTTP status code: ${httpResponse.status}`,
			};
		}
		if (error.cause?.code) return { status: 'Error', message: error.cause.code };
		return { status: 'Error', message: String(error.message) };
	}
	for (const rule of rules) {
		if (rule.type !== 'responseSuccessBody') continue;
		const body = response[0][0].json;
		const value = rule.properties.key.split('.').reduce((inner, key) => inner?.[key], body);
		if (value === rule.properties.value) return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/** All of an error's enumerable and usual own properties, serialized, to search for secrets. */
function serializeError(error) {
	if (!error) return '';
	return safeStringify({
		message: error.message,
		description: error.description,
		context: error.context,
		errorResponse: error.errorResponse,
		cause: error.cause,
		stack: error.stack,
		...error,
	});
}

module.exports = {
	runNode,
	createPoller,
	serveWebhookTrigger,
	testCredential,
	loadPackage,
	logLines,
	serializeError,
	safeStringify,
};

/**
 * Executes a chain of nodes with the same engine as `runNode` (WorkflowExecute; declarative
 * nodes through RoutingNode), each node's main output feeding the next. A node is one of this
 * package's (`type: 'aaio'`) or, given as `nodeType`, any other node type, such as
 * n8n-nodes-base's HTTP Request node (the benchmark compares the two this way).
 *
 * @param {object} options
 * @param {object[]} options.nodes   [{ type, nodeType?, typeVersion = 1, name?, parameters, credentials?, settings? }]:
 *                                   `type` is this package's short type, or the full type name of `nodeType`;
 *                                   `credentials` is credential data by type, as for `runNode`
 * @param {object[]} [options.items] input items of the first node (default: one empty item)
 * @returns {{ items: object[], error: Error | undefined, run: object, runData: object, credentialReads: number }}
 *          the last node's items; how often a credential was read
 */
/** Each execution gets an ID of its own, as n8n gives it (the payout flow keeps its claims per execution). */
let executionCount = 0;

async function runWorkflow({ nodes: chain, items = [{ json: {} }], executionId = `execution-${++executionCount}` }) {
	const loader = await loadPackage();
	const ownTypes = nodeTypesOf(loader);
	const otherTypes = Object.fromEntries(
		chain.filter((link) => link.nodeType).map((link) => [link.type, link.nodeType]),
	);
	const nodeTypes = {
		getByName: (type) => otherTypes[type] ?? ownTypes.getByName(type),
		getKnownTypes: () => ({}),
		getByNameAndVersion: (type, version) =>
			otherTypes[type]
				? NodeHelpers.getVersionedNodeType(otherTypes[type], version)
				: ownTypes.getByNameAndVersion(type, version),
	};
	const nodes = chain.map((link, index) => ({
		id: `node-${index + 1}`,
		name: link.name ?? `Node ${index + 1}`,
		type: link.nodeType ? link.type : `${PACKAGE_NAME}.${link.type}`,
		typeVersion: link.typeVersion ?? 1,
		position: [index * 200, 0],
		parameters: link.parameters ?? {},
		credentials: Object.fromEntries(
			Object.keys(link.credentials ?? {}).map((type) => [type, { id: `cred-${type}`, name: type }]),
		),
		...link.settings,
	}));
	const connections = Object.fromEntries(
		nodes
			.slice(0, -1)
			.map((node, index) => [node.name, { main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] }]),
	);
	const workflow = new Workflow({ id: 'chain-workflow', nodes, connections, nodeTypes, active: false });
	for (const node of nodes) {
		const { description } = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		node.parameters = NodeHelpers.getNodeParameters(
			description.properties,
			node.parameters,
			true,
			false,
			node,
			description,
		);
	}

	const hooks = new ExecutionLifecycleHooks('manual', 'chain-execution', {
		id: 'chain-workflow',
		name: 'Chain',
		nodes,
		connections,
		active: false,
		settings: {},
	});
	const finished = new Promise((resolve) => hooks.addHandler('workflowExecuteAfter', resolve));
	const credentials = Object.assign({}, ...chain.map((link) => link.credentials ?? {}));
	const credentialsHelper = new TestCredentialsHelper(loader, credentials);
	const additionalData = { ...additionalDataFor(credentialsHelper, hooks), executionId };
	const runExecutionData = {
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			nodeExecutionStack: [{ node: nodes[0], data: { main: [items] }, source: null }],
			waitingExecution: {},
			waitingExecutionSource: null,
		},
	};
	await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(
		workflow,
	);
	const run = await finished;
	const last = nodes.at(-1).name;
	const taskData = run.data.resultData.runData[last]?.at(-1);
	return {
		items: taskData?.data?.main?.[0] ?? [],
		error: run.data.resultData.error ?? taskData?.error,
		run,
		runData: run.data.resultData.runData,
		credentialReads: credentialsHelper.reads,
	};
}

module.exports.runWorkflow = runWorkflow;

/**
 * Runs a node of this package as an AI Agent's tool, the way n8n 2.41 does when an agent calls
 * it: the synthetic tool type `<name>Tool` (n8n's NodeTypes: the description converted, execute
 * = RoutingNode), invoked through n8n-core's makeHandleToolInvocation with a SupplyDataContext
 * and the model's arguments as the input item. Resolves to the tool's answer (a JSON text) or
 * rejects with the error the agent would see.
 */
async function invokeAsAgentTool({ type, parameters, credentials, toolArgs = {} }) {
	const { SupplyDataContext } = require('n8n-core');
	const { makeHandleToolInvocation } = require('n8n-core/dist/execution-engine/node-execution-context/utils/get-input-connection-data');
	const loader = await loadPackage();
	const ownTypes = nodeTypesOf(loader);
	const base = ownTypes.getByNameAndVersion(`${PACKAGE_NAME}.${type}`, 1);
	const description = {
		...base.description,
		name: `${base.description.name}Tool`,
		displayName: `${base.description.displayName} Tool`,
		inputs: [],
		outputs: ['ai_tool'],
	};
	delete description.usableAsTool;
	const toolType = Object.create(base, { description: { value: description } });
	toolType.execute = async function () {
		return (await new RoutingNode(this, toolType).runNode()) ?? [];
	};
	const nodeTypes = {
		getByName: () => toolType,
		getKnownTypes: () => ({}),
		getByNameAndVersion: () => toolType,
	};
	const node = {
		id: 'tool-under-test',
		name: 'Tool under test',
		type: `${PACKAGE_NAME}.${type}Tool`,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: Object.fromEntries(Object.keys(credentials).map((name) => [name, { id: `cred-${name}`, name }])),
	};
	node.parameters = NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node, description);
	const workflow = new Workflow({ id: 'agent-workflow', nodes: [node], connections: {}, nodeTypes, active: false });
	const credentialsHelper = new TestCredentialsHelper(loader, credentials);
	const additionalData = additionalDataFor(credentialsHelper, undefined);
	const runExecutionData = { startData: {}, resultData: { runData: {} }, executionData: { contextData: {}, metadata: {}, nodeExecutionStack: [], waitingExecution: {}, waitingExecutionSource: null } };
	const executeData = { node, data: {}, source: null };
	const contextFactory = (runIndex) =>
		new SupplyDataContext(workflow, node, additionalData, 'manual', runExecutionData, runIndex, [], {}, 'ai_tool', executeData, [], undefined);
	const invoke = makeHandleToolInvocation(contextFactory, node, toolType, runExecutionData);
	// `invoke` is the agent's next tool call in the same execution.
	return { answer: invoke(toolArgs), description, invoke };
}

/**
 * Forgets what the payout flow keeps in this process: its claims and the provider's learned
 * "not found" answer (nodes/shared/payout.ts, payoutLookup.ts), as a restarted n8n would.
 */
function forgetPayoutMemory() {
	require(path.join(PACKAGE_ROOT, 'dist/nodes/shared/payoutClaims')).forgetClaims();
	require(path.join(PACKAGE_ROOT, 'dist/nodes/shared/payoutLookup')).forgetLearnedNotFound();
}

module.exports.forgetPayoutMemory = forgetPayoutMemory;

module.exports.invokeAsAgentTool = invokeAsAgentTool;
