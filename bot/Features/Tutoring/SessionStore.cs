using Azure;
using Azure.Data.Tables;
using TutorBot.Conversation;
using TutorBot.Storage;

namespace TutorBot.Features.Tutoring;

public sealed class SessionStore(Tables tables)
{
    public const string Table = "Sessions";

    private TableClient Sessions => tables[Table];

    /// <summary>Adds the session; false when one with the same id exists already (a repeated submit).</summary>
    public async Task<bool> TryAddAsync(TutoringSession session, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await Sessions.AddEntityAsync(session, cancellationToken);
            session.ETag = response.Headers.ETag ?? default;
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<TutoringSession?> GetAsync(string studentId, string sessionId, CancellationToken cancellationToken = default)
    {
        var response = await Sessions.GetEntityIfExistsAsync<TutoringSession>(ConversationStore.Key(studentId), ConversationStore.Key(sessionId), cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Writes the session if nobody changed it since it was read; false on a lost race (HTTP 412).</summary>
    public async Task<bool> TryReplaceAsync(TutoringSession session, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await Sessions.UpdateEntityAsync(session, session.ETag, TableUpdateMode.Replace, cancellationToken);
            session.ETag = response.Headers.ETag ?? default;
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads, changes and writes the session with its ETag, again on a lost race; <paramref name="change"/> returns
    /// false when there is nothing to write. Null when the session does not exist.
    /// </summary>
    public async Task<TutoringSession?> UpdateAsync(string studentId, string sessionId, Func<TutoringSession, bool> change, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await GetAsync(studentId, sessionId, cancellationToken) is not { } session)
            {
                return null;
            }

            if (!change(session) || await TryReplaceAsync(session, cancellationToken))
            {
                return session;
            }

            if (attempt >= 8)
            {
                throw new InvalidOperationException($"Session {sessionId} kept changing under the update.");
            }
        }
    }

    public async Task<IReadOnlyList<TutoringSession>> OfStudentAsync(string studentId, CancellationToken cancellationToken = default)
    {
        var sessions = new List<TutoringSession>();
        await foreach (var session in Sessions.QueryAsync<TutoringSession>(s => s.PartitionKey == studentId, cancellationToken: cancellationToken))
        {
            sessions.Add(session);
        }

        return sessions;
    }
}
