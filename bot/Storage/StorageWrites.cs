using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace TutorBot.Storage;

/// <summary>
/// The table writes that succeeded during one turn. When a turn fails, this says whether the person's change
/// reached storage, so the card they get can say "saved" or "not saved" truthfully.
/// </summary>
public sealed class StorageWrites
{
    private static readonly AsyncLocal<StorageWrites?> Current = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Counts from zero again: the writes so far were housekeeping, not the person's change.</summary>
    public void Restart() => Interlocked.Exchange(ref _count, 0);

    /// <summary>Starts counting for the calls made from here on in this async flow (one turn).</summary>
    public static StorageWrites Begin()
    {
        var writes = new StorageWrites();
        Current.Value = writes;
        return writes;
    }

    /// <summary>Every table client's pipeline: counts answered writes (insert, upsert, merge, delete, batch).</summary>
    internal sealed class Policy : HttpPipelineSynchronousPolicy
    {
        public override void OnReceivedResponse(HttpMessage message)
        {
            var method = message.Request.Method;
            if (method == RequestMethod.Get || method == RequestMethod.Head || message.Response.Status is < 200 or >= 300 || Current.Value is not { } writes)
            {
                return;
            }

            if (message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal) && !BatchSucceeded(message.Response))
            {
                return;
            }

            Interlocked.Increment(ref writes._count);
        }

        /// <summary>A transaction answers 202 even when its changeset failed: the inner status lines say which.</summary>
        private static bool BatchSucceeded(Response response)
        {
            var content = response.Content?.ToString() ?? "";
            return !content.Contains("HTTP/1.1 4", StringComparison.Ordinal) && !content.Contains("HTTP/1.1 5", StringComparison.Ordinal);
        }
    }
}
