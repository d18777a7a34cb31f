/**
 * Who answers an MO. Modules register handlers at start (JX, QXJX, BZR, top-up, 00, 11 come
 * with their issues): by destination (the service code plus an extension, so that a plain
 * reply reaches the teacher who wrote) or by keyword. Services register their titles, used in
 * the console and in the opt-out confirmation.
 */
export interface InboundMessage {
  id: string;
  from: string;
  /** The destination as received: service code + extension. */
  to: string;
  /** The digits after the service code ('' for the bare code). */
  extension: string;
  /** The text as sent (long MOs joined). */
  text: string;
  /** Normalised: half-width, trimmed, one space, upper-case ASCII. */
  normalized: string;
  keyword: string | null;
  /** The text after the keyword, as sent (trimmed). */
  rest: string;
  receivedAt: number;
}

export interface InboundOutcome {
  /** Text to send back to the sender (the signature is added). */
  reply?: string;
  /** What happened, for the operator (Chinese, one line). */
  result: string;
}

export interface InboundHandler {
  name: string;
  service: string;
  /** Upper-case ASCII or Chinese keywords this handler answers, e.g. ['BZR']. */
  keywords?: string[];
  /** Answers every MO whose extension starts with this prefix (checked before keywords). */
  extensionPrefix?: string;
  handle(mo: InboundMessage): Promise<InboundOutcome>;
}

export class InboundRegistry {
  private readonly handlers: InboundHandler[] = [];
  private readonly titles = new Map<string, string>([
    ['platform', '平台通知'],
    ['messaging', '短信服务'],
    ['login', '登录验证码'],
    ['jx', '家校互动'],
    ['safety', '平安短信'],
    ['staff', '教职工短信'],
    ['promo', '推广信息'],
  ]);

  register(h: InboundHandler): void {
    const clash = this.handlers.find(
      (x) => (h.extensionPrefix !== undefined && x.extensionPrefix === h.extensionPrefix) || (h.keywords ?? []).some((k) => (x.keywords ?? []).includes(k)),
    );
    if (clash) {
      throw new Error(`inbound handler ${h.name} clashes with ${clash.name}`);
    }
    this.handlers.push(h);
  }

  registerService(code: string, title: string): void {
    this.titles.set(code, title);
  }

  titleOf(service: string): string {
    return this.titles.get(service) ?? service;
  }

  services(): { code: string; title: string }[] {
    return [...this.titles].map(([code, title]) => ({ code, title }));
  }

  /** By destination first (longest prefix), then by keyword. */
  find(extension: string, keyword: string | null): InboundHandler | undefined {
    const byDest = this.handlers
      .filter((h) => h.extensionPrefix !== undefined && h.extensionPrefix !== '' && extension.startsWith(h.extensionPrefix))
      .sort((a, b) => (b.extensionPrefix?.length ?? 0) - (a.extensionPrefix?.length ?? 0))[0];
    if (byDest) {
      return byDest;
    }
    return keyword === null ? undefined : this.handlers.find((h) => (h.keywords ?? []).includes(keyword));
  }
}
