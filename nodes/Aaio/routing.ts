import type {
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeProperties,
	INodePropertyRouting,
	PostReceiveAction,
	PreSendAction,
} from 'n8n-workflow';

import { outputItems } from '../shared/output';
import type { OutputShape } from '../shared/output';
import type { Provider } from '../shared/provider';
import { checkResponse, sendRequest } from '../shared/request';
import type { CredentialNeed } from '../shared/request';
import { aaio } from './provider';

/** aaio reads its parameters from a form body, as every SDK sends them. */
const FORM_HEADERS = { 'Content-Type': 'application/x-www-form-urlencoded' };

export interface AaioRequest {
	method: 'GET' | 'POST';
	url: string;
	/** The postReceive that shapes the checked answer, usually `outputItems(aaio, shape)`. */
	output: PostReceiveAction;
	/** Credential fields the operation needs beyond the API key. */
	needs?: CredentialNeed[];
	/** Checks and completes the request body, in order, before anything is sent. */
	preSend?: PreSendAction[];
	/** Sends the request; `sendRequest(aaio, needs)` unless the operation needs more. */
	send?: ReturnType<typeof sendRequest>;
	/** Who reads the answer (`aaioPublicList` for the public IP list). */
	provider?: Provider;
}

/** The routing of one aaio operation, in the shape Balance → Get set. */
export function aaioRouting(request: AaioRequest): INodePropertyRouting {
	const { method, url, output, needs = [], preSend = [], provider = aaio } = request;
	return {
		request: method === 'POST' ? { method, url, headers: FORM_HEADERS } : { method, url },
		// `paginate` routes the request through the `pagination` function: it is not paged.
		send: { paginate: true, preSend },
		operations: { pagination: request.send ?? sendRequest(aaio, needs) },
		output: { postReceive: [checkResponse(provider), output] },
	};
}

type PostReceiveFunction = (
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
) => Promise<INodeExecutionData[]>;

/** `outputItems` with a shape that reads the node's parameters, for output that names what was sent. */
export function outputFor(
	shapeOf: (context: IExecuteSingleFunctions) => OutputShape,
): PostReceiveAction {
	return async function (this: IExecuteSingleFunctions, items, response) {
		const output = outputItems(aaio, shapeOf(this)) as PostReceiveFunction;
		return await output.call(this, items, response);
	};
}

/** The Simplify switch of one operation; `fields` lists the clean item's fields. */
export function simplifyParameter(
	resource: string,
	operation: string,
	fields: string,
): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		displayOptions: { show: { resource: [resource], operation: [operation] } },
		description: `Whether to return clean fields (${fields}) with numbers as numbers, instead of the answer as aaio sent it`,
	};
}
