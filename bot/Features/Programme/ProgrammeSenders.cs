using Microsoft.Extensions.Options;
using TutorBot.Conversation;

namespace TutorBot.Features.Programme;

/// <summary>The programme's side of <see cref="ISenderDirectory"/>: the cached lookup of <see cref="ProgrammeStore"/>.</summary>
public sealed class ProgrammeSenders(ProgrammeStore programme, IOptions<ProgrammeOptions> options) : ISenderDirectory
{
    public Contact Contact => new(options.Value.ContactName, options.Value.ContactEmail);

    public async Task<Sender?> FindAsync(string? tenantId, string? aadObjectId, CancellationToken cancellationToken = default) =>
        await programme.FindByAadObjectIdAsync(tenantId, aadObjectId, cancellationToken) is { } person ? new Sender(person.Id, person.Role) : null;
}
