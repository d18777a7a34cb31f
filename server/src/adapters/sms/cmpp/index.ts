/** CMPP 2.0/3.0: the packet codec, Msg_Id and login authenticators (no sockets here). */
export * from './codec';
export * from './msg-id';
export * from './auth';
