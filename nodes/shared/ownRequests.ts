import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import { baseUrlOf, OWN_REQUEST } from './transport';

/*
 * The keys of both credentials can create payouts, so only this package's nodes may send them.
 * n8n 2.x enforces that itself: the credentials set `restrictToSupportedNodes`, and n8n refuses
 * to hand them to any other node ("Credential type … is restricted to specific nodes"). n8n 1.x
 * reads the field but enforces nothing: its HTTP Request node (and the other nodes that may use
 * any credential type: the HTTP Request tool, GraphQL) gets the credential and asks n8n to
 * authenticate its request with it, which calls the credential's `authenticate`.
 *
 * So each credential's `authenticate` adds a key only to
 *  - a request that this package's transport built: it carries OWN_REQUEST (transport.ts), a
 *    symbol that no node, expression or workflow can set;
 *  - the credential's own test, as n8n's credential tester sends it: its method and path,
 *    to the credential's own Base URL (where the key goes anyway).
 * Any other request is refused before anything is sent, on every n8n line.
 */

/** The request a credential's test sends (the same as its `test.request`). */
export interface CredentialTest {
	method: 'GET' | 'POST';
	path(credentials: ICredentialDataDecryptedObject): string;
}

function isCredentialTest(
	options: IHttpRequestOptions,
	credentials: ICredentialDataDecryptedObject,
	test: CredentialTest,
): boolean {
	const legacy = options as IHttpRequestOptions & { uri?: unknown };
	return (
		legacy.uri === undefined &&
		String(options.method ?? 'GET').toUpperCase() === test.method &&
		typeof options.baseURL === 'string' &&
		baseUrlOf({ baseUrl: options.baseURL }) === baseUrlOf(credentials) &&
		options.url === test.path(credentials)
	);
}

/**
 * Throws, before anything is sent, unless the request is this package's own or the credential's
 * test (see above).
 */
export function refuseOtherNodes(
	credentialDisplayName: string,
	test: CredentialTest,
	credentials: ICredentialDataDecryptedObject,
	options: IHttpRequestOptions,
): void {
	if ((options as { [OWN_REQUEST]?: unknown })[OWN_REQUEST] === true) return;
	if (isCredentialTest(options, credentials, test)) return;
	// n8n's request helper wraps this error in a NodeApiError, which keeps its message and description.
	throw new UserError(
		`The ${credentialDisplayName} credential can only be used by the nodes of n8n-nodes-aaio-morune, not by the HTTP Request node or another node. Nothing was sent.`,
		{
			description:
				'Its keys can create payouts, so the package sends them only in its own requests. Use the Aaio or Morune node instead.',
		},
	);
}
