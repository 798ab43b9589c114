using System.Globalization;
using Azure.Core;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.Calendar.GetSchedule;
using Microsoft.Graph.Users.Item.Events.Item.Cancel;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace TutorBot.Calendar;

/// <summary>
/// Bookings in Microsoft 365 calendars through the Graph SDK (PLATFORM.md §6). The SDK's HttpClient is the
/// named "graph" client, whose Polly pipeline retries 429 (honouring Retry-After), 5xx and timeouts; a create is
/// safe to retry because it carries the booking's <c>transactionId</c>.
/// </summary>
public sealed partial class GraphCalendar(GraphServiceClient graph, ILogger<GraphCalendar> logger) : ICalendar
{
    public const string HttpClientName = "graph";
    private const string Paris = "Europe/Paris";

    public async Task<CalendarEventRef> CreateAsync(CalendarBooking booking, CancellationToken cancellationToken = default)
    {
        var created = await CallAsync(booking.BookingId, () => graph.Users[booking.OrganizerMailbox].Events.PostAsync(
            ToEvent(booking, withTransactionId: true),
            rc => rc.Headers.Add("Prefer", $"outlook.timezone=\"{Paris}\""),
            cancellationToken));
        if (created?.Id is not { } id)
        {
            throw new CalendarUnavailableException("Graph created an event without an id.");
        }

        Log.Booked(logger, booking.BookingId, id);
        return new CalendarEventRef(booking.OrganizerMailbox, id, created.OnlineMeeting?.JoinUrl);
    }

    public Task UpdateAsync(CalendarEventRef calendarEvent, CalendarBooking booking, CancellationToken cancellationToken = default) =>
        CallAsync(booking.BookingId, () => graph.Users[calendarEvent.OrganizerMailbox].Events[calendarEvent.EventId].PatchAsync(
            ToEvent(booking, withTransactionId: false), cancellationToken: cancellationToken));

    public Task CancelAsync(CalendarEventRef calendarEvent, string? comment, CancellationToken cancellationToken = default) =>
        CallAsync(calendarEvent.EventId, async () =>
        {
            await graph.Users[calendarEvent.OrganizerMailbox].Events[calendarEvent.EventId].Cancel.PostAsync(
                new CancelPostRequestBody { Comment = comment ?? "" }, cancellationToken: cancellationToken);
            return true;
        });

    public async Task<IReadOnlyList<BusyInterval>> GetBusyAsync(string mailbox, DateTimeOffset startUtc, DateTimeOffset endUtc, CancellationToken cancellationToken = default)
    {
        // The log names the call, not the mailbox: logs carry opaque ids only.
        var response = await CallAsync("getSchedule", () => graph.Users[mailbox].Calendar.GetSchedule.PostAsGetSchedulePostResponseAsync(new GetSchedulePostRequestBody
        {
            Schedules = [mailbox],
            StartTime = Utc(startUtc),
            EndTime = Utc(endUtc),
            AvailabilityViewInterval = 30,
        }, cancellationToken: cancellationToken));

        return [.. (response?.Value ?? [])
            .SelectMany(s => s.ScheduleItems ?? [])
            .Where(i => i.Status is not FreeBusyStatus.Free and not FreeBusyStatus.Unknown)
            .Select(i => new BusyInterval(Parse(i.Start), Parse(i.End)))];
    }

    private static Event ToEvent(CalendarBooking booking, bool withTransactionId) => new()
    {
        Subject = booking.Subject,
        Body = new ItemBody { ContentType = BodyType.Html, Content = booking.BodyHtml },
        Start = InParis(booking.StartUtc),
        End = InParis(booking.EndUtc),
        Location = new Location { DisplayName = booking.Location },
        Attendees = [.. booking.Attendees.Where(a => a.Email is not null).Select(a => new Attendee
        {
            EmailAddress = new EmailAddress { Address = a.Email, Name = a.Name },
            Type = AttendeeType.Required,
        })],
        IsOnlineMeeting = booking.OnlineMeeting,
        OnlineMeetingProvider = booking.OnlineMeeting ? OnlineMeetingProviderType.TeamsForBusiness : null,
        TransactionId = withTransactionId ? booking.TransactionId : null,
    };

    private static DateTimeTimeZone InParis(DateTimeOffset utc) => new()
    {
        DateTime = Conversation.Culture.ToParis(utc).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        TimeZone = Paris,
    };

    private static DateTimeTimeZone Utc(DateTimeOffset utc) => new()
    {
        DateTime = utc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        TimeZone = "UTC",
    };

    private static DateTimeOffset Parse(DateTimeTimeZone? value)
    {
        var local = DateTime.Parse(value?.DateTime ?? throw new FormatException("no time"), CultureInfo.InvariantCulture, DateTimeStyles.None);
        var zone = value.TimeZone is null or "UTC" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(value.TimeZone);
        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static TimeSpan? RetryAfter(ApiException ex) =>
        ex.ResponseHeaders.TryGetValue("Retry-After", out var values)
        && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private async Task<T?> CallAsync<T>(string subject, Func<Task<T?>> call)
    {
        try
        {
            return await call();
        }
        catch (ApiException ex) when (ex.ResponseStatusCode is 408 or 429 or >= 500)
        {
            // ODataError is an ApiException: Graph's error body or not, the status decides.
            Log.Unavailable(logger, subject, ex.ResponseStatusCode, ex);
            throw new CalendarUnavailableException($"Graph answered {ex.ResponseStatusCode}.", ex, ex.ResponseStatusCode, RetryAfter(ex));
        }
        catch (ApiException ex) when (ex.ResponseStatusCode is >= 400 and < 500)
        {
            // Unknown mailbox (404), access denied (403), a bad request: the same call will be refused again.
            Log.Refused(logger, subject, ex.ResponseStatusCode, (ex as ODataError)?.Error?.Code);
            throw new CalendarRefusedException(ex.ResponseStatusCode, $"Graph refused with {ex.ResponseStatusCode}.", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            Log.Unavailable(logger, subject, null, ex);
            throw new CalendarUnavailableException("Graph could not be reached.", ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Booking {BookingId} is Graph event {EventId}")]
        public static partial void Booked(ILogger logger, string bookingId, string eventId);

        [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Graph unavailable for {Subject} (status {Status})")]
        public static partial void Unavailable(ILogger logger, string subject, int? status, Exception exception);

        [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Graph refused the call for {Subject} (status {Status}, code {Code}): not retried")]
        public static partial void Refused(ILogger logger, string subject, int status, string? code);
    }
}

/// <summary>
/// Adds the app's Graph token to every request. Kiota's Azure provider sends no token to non-Microsoft hosts
/// such as the local stand-in, which nevertheless (like Graph) refuses a request without one.
/// </summary>
public sealed class TokenCredentialAuthenticationProvider(TokenCredential credential, string scope) : IAuthenticationProvider
{
    public async Task AuthenticateRequestAsync(RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
    {
        var token = await credential.GetTokenAsync(new TokenRequestContext([scope]), cancellationToken);
        request.Headers.Add("Authorization", "Bearer " + token.Token);
    }
}
