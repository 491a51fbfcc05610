import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { bounded } from './text';
import { runsAsAgentTool } from './payoutOptions';
import type { Provider } from './provider';
import { operationRouting } from './operation';
import { isJsonObject } from './json';

/*
 * "Custom API Call": n8n adds an option of that name to the Resource and every Operation list of a
 * node whose credential authenticates requests, unless the list already ends with one. Its request
 * would be n8n's own, to the node's default address (the real aaio.so even with a sandbox
 * credential), outside this package's transport. So each list ends with this package's own Custom
 * API Call: a request to any endpoint below the credential's Base URL, sent through the transport
 * (its deadline, no redirects, bounded and redacted answers, the provider's errors), except the
 * ones that create payouts, which only Payout → Create sends (it looks the Order ID up first).
 */

export const CUSTOM_API_CALL = 'customApiCall';

/** n8n's name for the option; a list that ends with it gets no second one. */
const NAME = 'Custom API Call';

/** Shown for the custom call, whatever the resource. */
const show = { operation: [CUSTOM_API_CALL] };

/** The custom call's fields, for the node's properties (once, for every resource). */
export function customApiCallFields(provider: Provider): INodeProperties[] {
	return [
		{
			displayName: 'Method',
			name: 'customMethod',
			type: 'options',
			options: [
				{ name: 'GET', value: 'GET' },
				{ name: 'POST', value: 'POST' },
			],
			default: 'GET',
			displayOptions: { show },
			description: 'The HTTP method of the request',
		},
		{
			displayName: 'Path',
			name: 'customPath',
			type: 'string',
			required: true,
			default: '',
			placeholder: provider.name === 'aaio' ? '/api/balance' : '/invoice/info',
			displayOptions: { show },
			description: 'The endpoint path below the Base URL of the credential, starting with "/", without a query',
		},
		{
			displayName: 'Query Parameters (JSON)',
			name: 'customQuery',
			type: 'json',
			default: '{}',
			displayOptions: { show },
			description: 'Query parameters as a JSON object of texts and numbers',
		},
		{
			displayName: 'Body (JSON)',
			name: 'customBody',
			type: 'json',
			default: '{}',
			displayOptions: { show: { ...show, customMethod: ['POST'] } },
			description: `The body as a JSON object (${provider.formBodies ? 'sent as a form, as aaio takes it' : 'sent as JSON'})`,
		},
	];
}

/** A JSON object parameter of texts, numbers and booleans (and, in a body, nested objects). */
function objectParameter(context: IExecuteSingleFunctions, name: string, label: string, nested: boolean): IDataObject {
	const raw = context.getNodeParameter(name, '{}') as unknown;
	let value: unknown = raw;
	if (typeof raw === 'string') {
		try {
			value = raw.trim() === '' ? {} : (JSON.parse(raw) as unknown);
		} catch {
			value = undefined;
		}
	}
	const plain = (entry: unknown): boolean =>
		['string', 'number', 'boolean'].includes(typeof entry) ||
		(nested && isJsonObject(entry) && Object.values(entry).every(plain));
	if (!isJsonObject(value) || !Object.values(value).every(plain)) {
		throw new NodeOperationError(context.getNode(), `${label} must be a JSON object${nested ? '' : ' of texts and numbers'}, like {"order_id": "42"}.`, {
			itemIndex: context.getItemIndex(),
			description: 'Nothing was sent.',
		});
	}
	// Own keys only: a `__proto__` key stays a key.
	return Object.fromEntries(Object.entries(value)) as IDataObject;
}

/** Builds the custom request from the fields, refusing what it must not send, before anything is sent. */
function customRequest(provider: Provider, payoutPaths: string[]) {
	return async function (this: IExecuteSingleFunctions, options: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const node = this.getNode();
		const itemIndex = this.getItemIndex();
		const refuse = (message: string) => new NodeOperationError(node, message, { itemIndex, description: `Nothing was sent to ${provider.name}.` });
		if (runsAsAgentTool(this)) throw refuse('Custom API Call is not offered to AI agents: use the node\'s own operations.');
		const path = String(this.getNodeParameter('customPath', '')).trim();
		const shownPath = bounded(path, 80);
		// Plain path characters only: no host, query, escapes (`%2D`), empty or dot segments, which a
		// server may read as another path.
		const segments = path.split('/').slice(1);
		if (!/^\/[A-Za-z0-9_.~-]+(\/[A-Za-z0-9_.~-]+)*\/?$/.test(path) || segments.some((segment) => /^\.+$/.test(segment)) || path.length > 500) {
			throw refuse(`The Path "${shownPath}" must be a path below the Base URL, like /api/balance: starting with one "/", with letters, digits, "-", "_", "." and "~" between single slashes, without a host, a query or "..".`);
		}
		// Any path that names a payout create, whatever its case or what follows it (`.php`, `/`).
		if (payoutPaths.some((payoutPath) => path.toLowerCase().includes(payoutPath))) {
			throw refuse(`Custom API Call does not create payouts: use Payout → Create, which looks the Order ID up before it sends the payout, so that it is never paid twice.`);
		}
		const method = this.getNodeParameter('customMethod', 'GET') === 'POST' ? 'POST' : 'GET';
		return {
			...options,
			method,
			url: path,
			qs: objectParameter(this, 'customQuery', 'Query Parameters', false),
			body: method === 'POST' ? objectParameter(this, 'customBody', 'Body', true) : undefined,
		};
	};
}

/** The answer, as the provider sent it, one item paired to its input. */
async function answerItem(this: IExecuteSingleFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return items.map((item) => ({ json: item.json, pairedItem: { item: this.getItemIndex() } }));
}

/**
 * The Custom API Call option, to end the Resource list and each Operation list.
 * `payoutPaths`: what the paths that create payouts contain, in lower case.
 */
export function customApiCallOption(provider: Provider, payoutPaths: string[]): INodePropertyOptions & { value: string } {
	return {
		name: NAME,
		value: CUSTOM_API_CALL,
		action: 'Make a custom API call (any endpoint below the Base URL; never payouts; not for AI agents)',
		description: `Send a request to any ${provider.name} endpoint through the credential's Base URL and key`,
		routing: operationRouting(provider, {
			request: { method: 'GET', url: '/' },
			preSend: [customRequest(provider, payoutPaths)],
			output: answerItem,
		}),
	};
}

/** The Operation list of the Custom API Call resource. */
export function customApiCallResource(option: INodePropertyOptions & { value: string }): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [CUSTOM_API_CALL] } },
		options: [option],
		default: CUSTOM_API_CALL,
	};
}

/**
 * The node's properties with the Custom API Call option ending the Resource list and each
 * Operation list, so that n8n adds none of its own.
 */
export function withCustomApiCall(option: INodePropertyOptions & { value: string }, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => {
		const options = property.options as INodePropertyOptions[] | undefined;
		if (property.type !== 'options' || !['resource', 'operation'].includes(property.name) || !options) return property;
		if (options.at(-1)?.value === option.value) return property;
		return { ...property, options: [...options, option] };
	});
}
