"""WhatsApp adapter (Cloud API over a thin httpx client). The only package that talks to Meta.

- `webhook`: the ASGI routes (GET verification, signed POSTs, size limits).
- `inbound`: webhook payloads → events → neutral `Inbound`s (typed numbers and labels).
- `rendering`: neutral `Reply`s → Graph API message bodies within WhatsApp's limits.
- `outbound`: sending, the 24-hour window, templates, error codes → `DeliveryResult`.
- `pacing`, `work_queue`, `graph`: throughput, per-sender ordering, HTTP.
- `adapter`: `WhatsAppChannel`, which wires the above to the `ConversationService`.
"""
