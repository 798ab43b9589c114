using System.Security.Cryptography;
using Azure;
using Microsoft.Extensions.Localization;
using TutorBot.Calendar;
using TutorBot.Cards;
using TutorBot.Protocol.Connector;
using TutorBot.Resources;

namespace TutorBot.Conversation;

/// <summary>
/// What the person sees when their turn fails for a reason no feature handled (storage, Graph, a card over the
/// size budget, a bug): a card saying whether their change was saved and what to do, with a reference that is
/// also in the log. Nothing about the failure itself (messages, addresses) is shown or logged.
/// </summary>
public sealed partial class TurnFailures(IStringLocalizer<Strings> strings, ISenderDirectory programme, ILogger<TurnFailures> logger)
{
    /// <summary>Logs the failure and returns the card for the person.</summary>
    /// <param name="saved">Whether a storage write of this turn succeeded before the failure.</param>
    public AdaptiveCard Card(string? activityType, string? verb, Exception exception, bool saved)
    {
        var reference = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var status = exception switch
        {
            RequestFailedException e => e.Status,
            ConnectorException e => e.StatusCode,
            CalendarRefusedException e => e.Status,
            CardTooLargeException => 413,
            _ => (int?)null,
        };
        var code = exception is RequestFailedException { ErrorCode: { } errorCode } ? errorCode : null;
        Log.TurnFailed(logger, reference, activityType, verb, exception.GetType().Name, status, code, saved, exception.StackTrace);
        var contact = programme.Contact;
        return new AdaptiveCard(
        [
            new TextBlock(strings[saved ? "Failure_Saved_Title" : "Failure_NotSaved_Title"]) { Size = "Large", Weight = "Bolder", Color = saved ? "Good" : "Attention" },
            new TextBlock(strings[saved ? "Failure_Saved" : "Failure_NotSaved", contact.Name, contact.Email]),
            new TextBlock(strings["Failure_Reference", reference]) { IsSubtle = true, Size = "Small" },
        ]);
    }

    private static partial class Log
    {
        // The exception is named by its type, code and stack only: its message can carry a mailbox or a row's content.
        [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Turn failure {Reference}: a {ActivityType} turn (verb {Verb}) failed with {ExceptionType} (status {Status}, code {Code}); saved before the failure: {Saved}. {StackTrace}")]
        public static partial void TurnFailed(ILogger logger, string reference, string? activityType, string? verb, string exceptionType, int? status, string? code, bool saved, string? stackTrace);
    }
}
