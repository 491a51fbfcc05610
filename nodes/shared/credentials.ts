import type { ICredentialDataDecryptedObject, IExecuteSingleFunctions } from 'n8n-workflow';

import type { Provider } from './provider';

/** One read per node run, keyed by the run's execute data, which every item's context shares. */
const readsOfRun = new WeakMap<object, Promise<ICredentialDataDecryptedObject>>();

/**
 * The node's credential as its routing sees it: read once per node run, as n8n's RoutingNode
 * reads the `$credentials` of routing expressions (such as the base URL) once per run. For our
 * checks and the request parts that come from the credential (a user ID in the path, the
 * Merchant ID, signatures). In a real n8n every read is a database read and a decryption, and n8n
 * already makes one per request to authenticate it; this avoids a second one per item.
 * The object is shared by the run's items: read it, never change it.
 */
export async function routingCredentials(
	context: IExecuteSingleFunctions,
	provider: Provider,
): Promise<ICredentialDataDecryptedObject> {
	const run = context.getExecuteData();
	if (!run) return await context.getCredentials(provider.credentialType);
	let read = readsOfRun.get(run);
	if (!read) {
		read = context.getCredentials<ICredentialDataDecryptedObject>(provider.credentialType);
		readsOfRun.set(run, read);
	}
	return await read;
}
