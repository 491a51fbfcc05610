import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	INode,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { Provider } from './provider';

/** One API read, built from the credential (so that IDs like merchant_id come from it). */
export type ProviderRead = (credentials: ICredentialDataDecryptedObject) => {
	method: 'GET' | 'POST';
	url: string;
	qs?: IDataObject;
	body?: IDataObject;
};

/** What a notification trigger's webhook() context offers for an authenticated request. */
export interface ReadContext {
	getNode(): INode;
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
	helpers: {
		httpRequestWithAuthentication(
			this: unknown,
			credentialsType: string,
			requestOptions: IHttpRequestOptions,
		): Promise<unknown>;
	};
}

/**
 * Reads from the provider's API for "Confirm With Provider": the provider's parsed JSON body,
 * or a NodeApiError whose errorResponse has `provider` and `httpCode` (and the body).
 *
 * This is the one place to switch to the shared transport (`callProvider` in
 * nodes/shared/transport.ts, same arguments and contract) once it exists. Until then it sends
 * the request itself with n8n's authenticated request helper, the credential applying its
 * key as for the nodes, aaio bodies as forms.
 */
export async function readFromProvider(
	context: ReadContext,
	provider: Provider,
	request: ProviderRead,
	options: { timeoutMs?: number } = {},
): Promise<IDataObject> {
	const credentials = await context.getCredentials(provider.credentialType);
	const { method, url, qs, body } = request(credentials);
	const baseUrl = String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
	const form = provider.name === 'aaio';
	const requestOptions: IHttpRequestOptions = {
		method,
		url: `${baseUrl}${url}`,
		qs,
		headers: {
			Accept: 'application/json',
			...(body ? { 'Content-Type': form ? 'application/x-www-form-urlencoded' : 'application/json' } : {}),
		},
		body: body && form ? new URLSearchParams(body as Record<string, string>).toString() : body,
		json: !form,
		timeout: options.timeoutMs ?? 5_000,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	let response: { statusCode: number; body: unknown };
	try {
		response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			provider.credentialType,
			requestOptions,
		)) as { statusCode: number; body: unknown };
	} catch (error) {
		// Network: refused, reset, timed out. Only the code travels, never the request.
		const code = (error as { code?: string }).code ?? (error as Error).name;
		throw new NodeApiError(
			context.getNode(),
			{ provider: provider.name, httpCode: null, code: String(code) } as JsonObject,
			{ message: `${provider.name} could not be reached (${String(code)})` },
		);
	}
	let parsed: unknown = response.body;
	if (typeof parsed === 'string') {
		try {
			parsed = JSON.parse(parsed);
		} catch {
			parsed = undefined;
		}
	}
	const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
	const bodyError = isObject ? provider.readBodyError(parsed as IDataObject) : { message: 'not JSON' };
	if (response.statusCode >= 400 || bodyError) {
		throw new NodeApiError(
			context.getNode(),
			{
				provider: provider.name,
				httpCode: String(response.statusCode),
				...(isObject ? { body: parsed as JsonObject } : {}),
			} as JsonObject,
			{
				message: `${provider.name} answered HTTP ${response.statusCode}: ${bodyError?.message ?? ''}`,
				httpCode: String(response.statusCode),
			},
		);
	}
	return parsed as IDataObject;
}
