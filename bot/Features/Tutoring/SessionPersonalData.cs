using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using TutorBot.Conversation;
using TutorBot.Privacy;
using TutorBot.Storage;

namespace TutorBot.Features.Tutoring;

/// <summary>
/// Sessions, their logs and ratings. Erasing a student moves each session to an anonymous partition that keeps what
/// the tutor's log and the annual report need ("a student", the date, the outcome); erasing a tutor keeps the
/// student's history with "a tutor". Free text and conversation ids go either way.
/// </summary>
public sealed class SessionPersonalData(Tables tables) : IPersonalData
{
    /// <summary>What an anonymised session still says: when, how long, where, its state, the log and the rating.</summary>
    public static readonly string[] Kept =
    [
        nameof(TutoringSession.TutorId), nameof(TutoringSession.StartUtc), nameof(TutoringSession.DurationMinutes), nameof(TutoringSession.Place),
        nameof(TutoringSession.Status), nameof(TutoringSession.CreatedUtc), nameof(TutoringSession.Generation), nameof(TutoringSession.TutorAttendance),
        nameof(TutoringSession.StudentAttendance), nameof(TutoringSession.Outcome), nameof(TutoringSession.LoggedTopics), nameof(TutoringSession.LoggedUtc),
        nameof(TutoringSession.Rating),
    ];

    /// <summary>The tutor id an erased tutor's sessions carry.</summary>
    public const string ErasedTutor = "erased";

    public string Name => "sessions";

    private TableClient Sessions => tables[SessionStore.Table];

    public async Task<JsonNode?> ExportAsync(PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        var sessions = new JsonArray();
        foreach (var e in await RowsAsync(subject, cancellationToken))
        {
            var o = new JsonObject { ["studentId"] = e.PartitionKey, ["sessionId"] = e.RowKey };
            foreach (var (key, value) in e.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "odata.etag" or "Timestamp")))
            {
                o[key] = JsonValue.Create(value);
            }

            sessions.Add(o);
        }

        return sessions.Count > 0 ? sessions : null;
    }

    public async Task EraseAsync(PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        foreach (var e in await RowsAsync(subject, cancellationToken))
        {
            if (subject.Is(e.PartitionKey))
            {
                // The student: the same session under an anonymous partition, then the original goes.
                var anonymous = new TableEntity("anon|" + subject.AnonymousId, e.RowKey);
                foreach (var name in Kept.Where(e.ContainsKey))
                {
                    anonymous[name] = e[name];
                }

                if (subject.Is(e.GetString(nameof(TutoringSession.TutorId))))
                {
                    anonymous[nameof(TutoringSession.TutorId)] = ErasedTutor;
                }

                await Sessions.UpsertEntityAsync(anonymous, TableUpdateMode.Replace, cancellationToken);
                await Sessions.DeleteEntityAsync(e.PartitionKey, e.RowKey, ETag.All, cancellationToken);
            }
            else
            {
                // The tutor: the student's session stays, with "a tutor" and without the tutor's ids and the free text.
                foreach (var name in new[]
                {
                    nameof(TutoringSession.TutorCardActivityId), nameof(TutoringSession.TutorConversationId), nameof(TutoringSession.TutorServiceUrl),
                    nameof(TutoringSession.CalendarOrganizer), nameof(TutoringSession.EventsToCancel), nameof(TutoringSession.LiveCards),
                    nameof(TutoringSession.Reason), nameof(TutoringSession.PlaceDetail),
                })
                {
                    e.Remove(name);
                }

                e[nameof(TutoringSession.TutorId)] = ErasedTutor;
                await Sessions.UpdateEntityAsync(e, ETag.All, TableUpdateMode.Replace, cancellationToken);
            }
        }
    }

    /// <summary>The student's partition, and the sessions the person tutored (one filtered query).</summary>
    private async Task<List<TableEntity>> RowsAsync(PrivacySubject subject, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        foreach (var id in subject.PersonIds)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ConversationStore.Key(id)} or TutorId eq {id}");
            await foreach (var e in Sessions.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                rows.Add(e);
            }
        }

        return rows;
    }
}
