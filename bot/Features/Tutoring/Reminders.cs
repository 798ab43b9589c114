using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using TutorBot.Conversation;
using TutorBot.Storage;

namespace TutorBot.Features.Tutoring;

/// <summary>What a scheduled row sends.</summary>
public static class ReminderKinds
{
    public const string DayBefore = "dayBefore";
    public const string HourBefore = "hourBefore";

    /// <summary>The tutor's log form, when the session ends.</summary>
    public const string Log = "log";

    /// <summary>The student's rating card, once the tutor logged that the session happened.</summary>
    public const string Feedback = "feedback";

    /// <summary>A calendar booking Graph refused for now: tried again.</summary>
    public const string Book = "book";

    /// <summary>An event Graph could not cancel yet: tried again.</summary>
    public const string Unbook = "unbook";
}

public static class ReminderStates
{
    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Sent = "sent";

    /// <summary>No longer relevant (the session moved, was cancelled, or was already answered).</summary>
    public const string Dropped = "dropped";

    /// <summary>Never succeeds (the recipient blocked the bot, or the retry budget is spent).</summary>
    public const string Failed = "failed";
}

/// <summary>Section <c>Reminders</c>: how often the scheduled rows are scanned and how failures are retried.</summary>
public sealed class ReminderOptions
{
    public const string Section = "Reminders";

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a claimed row belongs to the instance that claimed it; after that a crashed instance's row is taken over.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Sends in flight at once per instance: well under Teams' 50 RPS per app and tenant (PLATFORM.md §5).</summary>
    [Range(1, 32)]
    public int Parallelism { get; set; } = 4;

    /// <summary>Whether this instance runs the scanner (tests that drive it by hand turn it off).</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>
/// One scheduled send to one person (CC's per-recipient delivery row): partition = the UTC day it is due, so the
/// scanner reads a few partitions by row-key range; the row key starts with the due time. The row is the delivery
/// record too: it is checked and claimed (ETag) before sending and marked sent right after, so a redelivery is a no-op.
/// </summary>
public sealed class ReminderRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string StudentId { get; set; } = "";

    public string SessionId { get; set; } = "";

    public int Generation { get; set; }

    public string Kind { get; set; } = "";

    public string Role { get; set; } = "";

    public DateTimeOffset DueUtc { get; set; }

    /// <summary>The session's time when planned: a row planned for another time is dropped.</summary>
    public DateTimeOffset SessionStartUtc { get; set; }

    /// <summary>Null until the scanner first touches the row (an upsert that plans it again must not reset it).</summary>
    public string? State { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? LeaseUntilUtc { get; set; }

    public DateTimeOffset? NotBeforeUtc { get; set; }

    public string? ActivityId { get; set; }

    public DateTimeOffset? SentUtc { get; set; }
}

/// <summary>When reminders fall: the day before and one hour before, never to a student between 21:00 and 08:00 Paris time.</summary>
public static class ReminderPlan
{
    public static readonly TimeSpan DayBefore = TimeSpan.FromDays(1);
    public static readonly TimeSpan HourBefore = TimeSpan.FromHours(1);
    private static readonly TimeOnly QuietFrom = new(21, 0);
    private static readonly TimeOnly QuietUntil = new(8, 0);

    /// <summary>True between 21:00 and 08:00 in Paris.</summary>
    public static bool IsQuiet(DateTimeOffset utc)
    {
        var time = TimeOnly.FromDateTime(Culture.ToParis(utc).DateTime);
        return time >= QuietFrom || time < QuietUntil;
    }

    /// <summary>The first moment at or after <paramref name="utc"/> that is not in the quiet hours: 08:00 Paris when it is.</summary>
    public static DateTimeOffset OutOfQuietHours(DateTimeOffset utc)
    {
        if (!IsQuiet(utc))
        {
            return utc;
        }

        var paris = Culture.ToParis(utc);
        var day = DateOnly.FromDateTime(paris.DateTime);
        if (TimeOnly.FromDateTime(paris.DateTime) >= QuietFrom)
        {
            day = day.AddDays(1);
        }

        return Culture.FromParis(day, QuietUntil)!.Value;
    }

    /// <summary>The rows a confirmed session needs, computed at <paramref name="now"/>: reminders not already past, and the tutor's log.</summary>
    public static IEnumerable<ReminderRow> For(TutoringSession session, DateTimeOffset now)
    {
        foreach (var (kind, before) in new[] { (ReminderKinds.DayBefore, DayBefore), (ReminderKinds.HourBefore, HourBefore) })
        {
            var due = session.StartUtc - before;
            if (due <= now && kind == ReminderKinds.DayBefore)
            {
                // Confirmed less than a day ahead: the hour-before reminder is enough.
                continue;
            }

            if (session.StartUtc - now <= TimeSpan.FromMinutes(15))
            {
                continue;
            }

            due = due < now ? now : due;
            yield return Row(session, kind, SessionRoles.Tutor, due);
            var studentDue = OutOfQuietHours(due);
            if (studentDue < session.StartUtc)
            {
                yield return Row(session, kind, SessionRoles.Student, studentDue);
            }
        }

        yield return Row(session, ReminderKinds.Log, SessionRoles.Tutor, session.EndUtc);
    }

    public static ReminderRow Row(TutoringSession session, string kind, string role, DateTimeOffset dueUtc) => new()
    {
        PartitionKey = PartitionFor(dueUtc),
        RowKey = string.Join('|', dueUtc.UtcDateTime.ToString("HHmmss", CultureInfo.InvariantCulture), session.StudentId, session.Id, session.Generation.ToString(CultureInfo.InvariantCulture), kind, role),
        StudentId = session.StudentId,
        SessionId = session.Id,
        Generation = session.Generation,
        Kind = kind,
        Role = role,
        DueUtc = dueUtc,
        SessionStartUtc = session.StartUtc,
    };

    public static string PartitionFor(DateTimeOffset utc) => utc.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}

public sealed class ReminderStore(Tables tables)
{
    public const string Table = "Reminders";

    private TableClient Rows => tables[Table];

    /// <summary>
    /// Plans rows idempotently: one entity-group transaction per due day, merging only the plan's own fields, so
    /// planning again never resets a row the scanner already claimed or sent.
    /// </summary>
    public async Task PlanAsync(IEnumerable<ReminderRow> rows, CancellationToken cancellationToken = default)
    {
        foreach (var day in rows.GroupBy(r => r.PartitionKey))
        {
            foreach (var chunk in day.Chunk(100))
            {
                var actions = chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity(r.PartitionKey, ConversationStore.Key(r.RowKey))
                {
                    [nameof(ReminderRow.StudentId)] = r.StudentId,
                    [nameof(ReminderRow.SessionId)] = r.SessionId,
                    [nameof(ReminderRow.Generation)] = r.Generation,
                    [nameof(ReminderRow.Kind)] = r.Kind,
                    [nameof(ReminderRow.Role)] = r.Role,
                    [nameof(ReminderRow.DueUtc)] = r.DueUtc,
                    [nameof(ReminderRow.SessionStartUtc)] = r.SessionStartUtc,
                }));
                await Rows.SubmitTransactionAsync(actions, cancellationToken);
            }
        }
    }

    /// <summary>Rows due by <paramref name="now"/> that may need work, from the last few days' partitions.</summary>
    public async Task<List<ReminderRow>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var due = new List<ReminderRow>();
        for (var day = now.AddDays(-3); day.Date <= now.Date; day = day.AddDays(1))
        {
            var partition = ReminderPlan.PartitionFor(day);
            var upTo = partition == ReminderPlan.PartitionFor(now) ? now.UtcDateTime.ToString("HHmmss", CultureInfo.InvariantCulture) + "~" : "~";
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey le {upTo}");
            await foreach (var row in Rows.QueryAsync<ReminderRow>(filter, cancellationToken: cancellationToken))
            {
                var open = row.State is null or ReminderStates.Pending || (row.State == ReminderStates.Sending && row.LeaseUntilUtc < now);
                if (open && row.DueUtc <= now && (row.NotBeforeUtc is null || row.NotBeforeUtc <= now))
                {
                    due.Add(row);
                }
            }
        }

        return due;
    }

    /// <summary>Writes the row if nobody changed it since it was read; false on a lost race.</summary>
    public async Task<bool> TryReplaceAsync(ReminderRow row, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await Rows.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
            row.ETag = response.Headers.ETag ?? default;
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    public async Task<List<ReminderRow>> AllAsync(CancellationToken cancellationToken = default)
    {
        var rows = new List<ReminderRow>();
        await foreach (var row in Rows.QueryAsync<ReminderRow>(cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }
}
