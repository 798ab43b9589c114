using TutorBot.Protocol.Connector;

namespace TutorBot.Delivery;

/// <summary>How a failure of a send reads as a row's outcome; reasons are status codes and error codes, never text.</summary>
public static class DeliveryOutcomes
{
    public static DeliveryOutcome FromException(Exception exception) => exception switch
    {
        ConnectorException { RecipientUnreachable: true } => DeliveryOutcome.Never("connector 403 MessageWritesBlocked"),
        ConnectorException { MayHaveSent: true } e => DeliveryOutcome.Uncertain(e.StatusCode is { } s ? $"connector {s} after the request left" : "connector timeout after the request left"),
        ConnectorException { StatusCode: 404 } => DeliveryOutcome.Never("connector 404 unknown user or conversation"),
        ConnectorException { StatusCode: null } e => DeliveryOutcome.Later("connector not reached", e.RetryAfter),
        ConnectorException { StatusCode: 408 or 412 or 429 or >= 500 } e => DeliveryOutcome.Later($"connector {e.StatusCode}", e.RetryAfter),
        ConnectorException { StatusCode: { } status } => DeliveryOutcome.Never($"connector {status}"),
        SlotNotTakenException e => DeliveryOutcome.Later(e.Message),
        OperationCanceledException => DeliveryOutcome.Uncertain("cancelled while running"),
        _ => DeliveryOutcome.Later("exception " + exception.GetType().Name),
    };

    /// <summary>For handlers of other services (Graph): 429, 408 and 5xx come back later, other 4xx never succeed.</summary>
    public static DeliveryOutcome FromStatus(string service, int status, TimeSpan? retryAfter = null) => status switch
    {
        408 or 429 or >= 500 => DeliveryOutcome.Later($"{service} {status}", retryAfter),
        >= 400 => DeliveryOutcome.Never($"{service} {status}"),
        _ => DeliveryOutcome.Later($"{service} {status}"),
    };
}
