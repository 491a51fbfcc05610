import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeProperties,
	INodePropertyRouting,
	JsonObject,
	PostReceiveAction,
	PreSendAction,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { redactSecrets } from '../shared/errors';
import { outputItems } from '../shared/output';
import type { OutputShape } from '../shared/output';
import { checkResponse, sendRequest } from '../shared/request';
import type { CredentialNeed } from '../shared/request';
import { morune } from './provider';

/** A postReceive action that is a function (checkResponse is one). */
export type PostReceiveFunction = Extract<PostReceiveAction, (...args: never[]) => unknown>;

/** The shared checkResponse, typed as the function it is. */
export const checkMoruneResponse = () => checkResponse(morune) as PostReceiveFunction;

/** A body as n8n hands it over (parsed, a string or a Buffer) as a JSON object, or undefined. */
export function jsonObjectOf(body: unknown): IDataObject | undefined {
	let value = body;
	if (Buffer.isBuffer(value)) value = value.toString('utf8');
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value) as unknown;
		} catch {
			return undefined;
		}
	}
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as IDataObject)
		: undefined;
}

/** What a Get operation looks for, to explain morune's 404. */
export interface Lookup {
	/** 'invoice', 'payout'. */
	thing: string;
	/** What to check, e.g. 'the invoice ID or order ID, and that the invoice belongs to the shop in the Morune API credential'. */
	check: string;
}

/**
 * checkResponse, except that morune's own 404 (a JSON answer such as "Инвойс не найден") says
 * that the invoice or payout does not exist, instead of pointing at the Base URL.
 */
export function checkFound(lookup: Lookup): PostReceiveAction {
	const check = checkMoruneResponse();
	return async function (
		this: IExecuteSingleFunctions,
		items: INodeExecutionData[],
		response: IN8nHttpFullResponse,
	): Promise<INodeExecutionData[]> {
		try {
			return await check.call(this, items, response);
		} catch (error) {
			// checkResponse throws NodeApiErrors, which NodeApiError hands back unchanged.
			const refusal = new NodeApiError(this.getNode(), error as JsonObject);
			const body = jsonObjectOf(response.body);
			if (response.statusCode !== 404 || !body) throw refusal;
			const credentials = await this.getCredentials(morune.credentialType);
			const reason = redactSecrets(morune.readBodyError(body)?.message ?? '', morune, credentials);
			// The provider's message ends the first sentence; it may bring its own full stop.
			const sentence = `morune found no such ${lookup.thing} (HTTP 404)${reason ? `: ${reason}` : ''}`;
			const stop = /[.!?…]$/.test(sentence) ? '' : '.';
			throw new NodeApiError(this.getNode(), refusal.errorResponse as JsonObject, {
				message: `${sentence}${stop} Check ${lookup.check}.`,
				description: `If it is right, check the Base URL in the ${morune.credentialDisplayName} credential.`,
				httpCode: '404',
			});
		}
	};
}

interface OperationRouting {
	request: DeclarativeRestApiSettings.HttpRequestOptions;
	/** How the answer becomes items (see outputItems). */
	shape: OutputShape;
	/** Credential fields the operation needs although the credential makes them optional. */
	needs?: CredentialNeed[];
	/** Checks of the parameters, before anything is sent. */
	preSend?: PreSendAction[];
	/** Replaces checkResponse, e.g. with checkFound. */
	check?: PostReceiveAction;
	/** Runs after outputItems, e.g. a filter. */
	after?: PostReceiveAction[];
	/** Replaces sendRequest (Payout → Create). */
	pagination?: ReturnType<typeof sendRequest>;
}

/** The routing every morune operation has, in the shape Balance → Get set. */
export function operationRouting(operation: OperationRouting): INodePropertyRouting {
	const { request, shape, needs = [], preSend = [], after = [] } = operation;
	return {
		request,
		// `paginate` routes the request through the pagination function: it is not paged.
		send: { paginate: true, preSend },
		operations: { pagination: operation.pagination ?? sendRequest(morune, needs) },
		output: {
			postReceive: [operation.check ?? checkResponse(morune), outputItems(morune, shape), ...after],
		},
	};
}

/** The Simplify switch of one operation. */
export function simplifyProperty(
	resource: string,
	operation: string,
	description: string,
): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		displayOptions: { show: { resource: [resource], operation: [operation] } },
		description,
	};
}
