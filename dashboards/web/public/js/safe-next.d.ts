/** Types of safe-next.js (the login page's module), for its test. */
export function sameSiteNext(next: string | null | undefined, origin: string, fallback?: string): string;
