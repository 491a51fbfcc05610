import type { ICredentialDataDecryptedObject, IDataObject, IWebhookFunctions } from 'n8n-workflow';

import type { Provider } from './provider';
import { callProvider } from './transport';

/** One API read, built from the credential (so that IDs like merchant_id come from it). */
export type ProviderRead = (credentials: ICredentialDataDecryptedObject) => {
	method: 'GET' | 'POST';
	url: string;
	qs?: IDataObject;
	body?: IDataObject;
};

/**
 * Reads from the provider's API for "Confirm With Provider": the provider's parsed JSON body,
 * or a NodeApiError whose errorResponse has `provider` and `httpCode` (and the body).
 *
 * It goes through the shared transport (`callProvider` in nodes/shared/transport.ts): the
 * credential checked first, the key applied as for the nodes, aaio bodies as forms, the base
 * URL from the credential, no redirects, a deadline for the whole exchange.
 */
export async function readFromProvider(
	context: IWebhookFunctions,
	provider: Provider,
	request: ProviderRead,
	// The credential the trigger read already: read once per notification.
	options: { timeoutMs?: number; credentials?: ICredentialDataDecryptedObject } = {},
): Promise<IDataObject> {
	return await callProvider(context, provider, request, options);
}
