export type { SmsGateway, OutboundPart, SubmitOutcome, DeliveryReport, WireMo, GatewayHandlers, GatewayStatus } from '../../modules/messaging';
