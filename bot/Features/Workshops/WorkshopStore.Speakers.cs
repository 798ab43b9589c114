using Azure.Data.Tables;
using TutorBot.Conversation;
using TutorBot.Storage;

namespace TutorBot.Features.Workshops;

public enum SpeakerOutcome
{
    Requested,
    Approved,
    Declined,

    /// <summary>The workshop has all the speakers it asked for: nothing was written.</summary>
    Full,
    AlreadyPending,
    AlreadyApproved,
    AlreadyDeclined,
    NotFound,
}

/// <summary>Speakers' requests and decisions, and the attendance rows.</summary>
public sealed partial class WorkshopStore
{
    public async Task<Speaker?> GetSpeakerAsync(string workshopId, string personId, CancellationToken cancellationToken = default)
    {
        var response = await Workshops.GetEntityIfExistsAsync<Speaker>(ConversationStore.Key(workshopId), Speaker.Key(personId), cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    public async Task<bool> IsApprovedSpeakerAsync(string workshopId, string personId, CancellationToken cancellationToken = default) =>
        await GetSpeakerAsync(workshopId, personId, cancellationToken) is { Status: SpeakerStatus.Approved };

    /// <summary>Records an offer to speak as a pending request; nothing is counted until a coordinator approves it.</summary>
    public async Task<SpeakerOutcome> RequestSpeakerAsync(string workshopId, string personId, bool english, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (await GetAsync(workshopId, cancellationToken) is not { } workshop)
        {
            return SpeakerOutcome.NotFound;
        }

        if (await GetSpeakerAsync(workshopId, personId, cancellationToken) is { } existing)
        {
            return Already(existing);
        }

        if (!workshop.WantsSpeakers)
        {
            return SpeakerOutcome.Full;
        }

        var speaker = new Speaker
        {
            PartitionKey = workshop.PartitionKey, RowKey = Speaker.Key(personId), PersonId = personId, English = english,
            Status = SpeakerStatus.Pending, SignedUpUtc = now,
        };
        try
        {
            await Workshops.AddEntityAsync(speaker, cancellationToken);
            return SpeakerOutcome.Requested;
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 409)
        {
            // The same offer sent twice at once: the first one stands.
            return await GetSpeakerAsync(workshopId, personId, cancellationToken) is { } first ? Already(first) : SpeakerOutcome.NotFound;
        }
    }

    /// <summary>
    /// A coordinator's decision on a pending request. An approval and the speaker count are one transaction guarded by
    /// the workshop's and the request's ETags: two approvals of the last place at once cannot both win (the loser reads
    /// again and finds the workshop full).
    /// </summary>
    public async Task<SpeakerOutcome> DecideSpeakerAsync(string workshopId, string personId, bool approve, string decidedBy, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await GetAsync(workshopId, cancellationToken) is not { } workshop || await GetSpeakerAsync(workshopId, personId, cancellationToken) is not { } speaker)
            {
                return SpeakerOutcome.NotFound;
            }

            if (speaker.Status != SpeakerStatus.Pending)
            {
                return Already(speaker);
            }

            speaker.DecidedBy = decidedBy;
            speaker.DecidedUtc = now;
            var actions = new List<TableTransactionAction>();
            if (approve)
            {
                if (!workshop.WantsSpeakers)
                {
                    return SpeakerOutcome.Full;
                }

                speaker.Status = SpeakerStatus.Approved;
                workshop.Speakers++;
                actions.Add(new(TableTransactionActionType.UpdateReplace, workshop, workshop.ETag));
            }
            else
            {
                speaker.Status = SpeakerStatus.Declined;
            }

            actions.Add(new(TableTransactionActionType.UpdateReplace, speaker, speaker.ETag));
            if (await TrySubmitAsync(actions, cancellationToken))
            {
                return approve ? SpeakerOutcome.Approved : SpeakerOutcome.Declined;
            }

            await BackOffAsync(attempt, cancellationToken);
        }

        throw new InvalidOperationException($"Speaker decision in {workshopId} kept losing the race.");
    }

    public async Task<IReadOnlyDictionary<string, Presence>> PresenceAsync(string workshopId, CancellationToken cancellationToken = default)
    {
        var rows = new Dictionary<string, Presence>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {workshopId} and RowKey ge {Presence.Prefix} and RowKey lt {"att;"}");
        await foreach (var p in Workshops.QueryAsync<Presence>(filter, cancellationToken: cancellationToken))
        {
            rows[p.PersonId] = p;
        }

        return rows;
    }

    /// <summary>
    /// Writes the presence of the students whose mark changed, one row each (in one transaction per 100): someone
    /// marking other students at the same time touches other rows, so nothing is lost.
    /// </summary>
    public async Task RecordAttendanceAsync(string workshopId, IReadOnlyDictionary<string, bool> changes, string takenBy, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var pk = ConversationStore.Key(workshopId);
        foreach (var chunk in changes.Chunk(100))
        {
            var actions = chunk.Select(c => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new Presence
            {
                PartitionKey = pk, RowKey = Presence.Key(c.Key), PersonId = c.Key, Present = c.Value, By = takenBy, MarkedUtc = now,
            })).ToList();
            await Workshops.SubmitTransactionAsync(actions, cancellationToken);
        }
    }

    private static SpeakerOutcome Already(Speaker speaker) => speaker.Status switch
    {
        SpeakerStatus.Pending => SpeakerOutcome.AlreadyPending,
        SpeakerStatus.Declined => SpeakerOutcome.AlreadyDeclined,
        _ => SpeakerOutcome.AlreadyApproved,
    };
}
