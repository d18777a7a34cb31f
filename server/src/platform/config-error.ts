export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`配置错误 ${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}
