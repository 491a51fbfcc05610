import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

/**
 * What the shared request and error helpers need to know about one payment provider.
 * Each node folder defines its own (`nodes/Aaio/provider.ts`, `nodes/Morune/provider.ts`).
 */
export interface Provider {
	/** Lower-case provider name, as users know it and as it appears in output items. */
	name: 'aaio' | 'morune';
	/** The n8n credential type name. */
	credentialType: string;
	/**
	 * The time zone of the provider's dates ("Y-m-d H:i:s" without one), as an ISO-8601 offset.
	 * UNCERTAIN: neither provider documents it; both are Moscow services (UTC+3, no daylight time
	 * since 2014), and aaio's cabinet shows Moscow time.
	 */
	timeZone: string;
	/** The provider's own API address: the credential's default Base URL, always allowed. */
	defaultBaseUrl: string;
	/** Whether POST bodies go as a form (aaio) rather than JSON (morune). */
	formBodies: boolean;
	/** The credential's display name, to point users at it in error messages. */
	credentialDisplayName: string;
	/** Credential fields whose values must never appear in an output item or an error. */
	secretFields: string[];
	/** Where to find or fix the key, said when the provider refuses the credentials. */
	credentialHint: string;
	/**
	 * Checks the credential before any request: returns what is wrong, or undefined when
	 * nothing is.
	 */
	findCredentialProblem(credentials: ICredentialDataDecryptedObject): string | undefined;
	/**
	 * Reads a parsed JSON body: undefined when it reports success, otherwise the provider's
	 * own error message (and its error code when the body carries one).
	 */
	readBodyError(body: IDataObject): { message: string; code?: number } | undefined;
}

/** What is wrong with a secret typed into a credential, or undefined. */
export function findSecretProblem(
	provider: Provider,
	label: string,
	value: unknown,
): string | undefined {
	const where = `the ${provider.credentialDisplayName} credential`;
	if (typeof value !== 'string' || value.trim() === '') {
		return `The ${label} in ${where} is empty. ${provider.credentialHint}`;
	}
	if (/\s/.test(value)) {
		return `The ${label} in ${where} contains spaces or line breaks. Copy it again without them.`;
	}
	return undefined;
}

/** What is wrong with a credential's Base URL, or undefined. */
export function findBaseUrlProblem(provider: Provider, value: unknown): string | undefined {
	const text = typeof value === 'string' ? value.trim() : '';
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || !['http:', 'https:'].includes(url.protocol)) {
		return `The Base URL in the ${provider.credentialDisplayName} credential must be an http(s) address, such as the default.`;
	}
	return undefined;
}
