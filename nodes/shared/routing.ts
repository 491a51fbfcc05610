import type {
	DeclarativeRestApiSettings,
	INodeProperties,
	INodePropertyRouting,
	PreSendAction,
} from 'n8n-workflow';

import type { Provider } from './provider';
import { checkResponse, sendRequest } from './request';
import type {
	CredentialNeed,
	PostReceiveFunction,
	RequestFromCredentials,
	SendFunction,
} from './request';

export type { PostReceiveFunction, SendFunction };

export interface OperationRouting {
	request: DeclarativeRestApiSettings.HttpRequestOptions;
	/** Shapes the checked answer into items, usually `outputItems(provider, shape)`. */
	output: PostReceiveFunction;
	/** Credential fields the operation needs although the credential makes them optional. */
	needs?: CredentialNeed[];
	/** Parts of the request that come from the credential (see sendRequest). */
	fromCredentials?: RequestFromCredentials;
	/** Checks (and completes) the parameters, in order, before anything is sent. */
	preSend?: PreSendAction[];
	/** Sends the request: `sendRequest(provider, needs)` unless the operation needs more. */
	send?: SendFunction;
	/** Reads the answer: `checkResponse(provider)` unless the operation needs more. */
	check?: PostReceiveFunction;
	/** Runs after `output`, e.g. a filter. */
	after?: PostReceiveFunction[];
}

/**
 * The routing of one operation, in the shape every operation of both nodes has: the request,
 * sent through `sendRequest` (credential checks, timeout, transport errors, Continue On Fail),
 * the answer checked by `checkResponse` (the provider's errors) and shaped by `output`.
 */
export function operationRouting(provider: Provider, operation: OperationRouting): INodePropertyRouting {
	const { request, output, needs = [], fromCredentials, preSend = [], after = [] } = operation;
	return {
		request,
		// `paginate` routes the request through the pagination function: it is not paged.
		send: { paginate: true, preSend },
		operations: { pagination: operation.send ?? sendRequest(provider, needs, fromCredentials) },
		output: { postReceive: [operation.check ?? checkResponse(provider), output, ...after] },
	};
}

/**
 * The Simplify switch of every operation of `resources`. A node has few of them, not one per
 * operation: n8n's RoutingNode walks all of a node's properties for every input item (twice),
 * so each property costs time per item (see BENCHMARKS.md).
 */
export function simplifyProperty(resources: string[], description: string): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		displayOptions: { show: { resource: resources } },
		description,
	};
}
