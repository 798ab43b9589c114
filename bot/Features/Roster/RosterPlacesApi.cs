using Microsoft.AspNetCore.Http.HttpResults;
using TutorBot.Conversation;

namespace TutorBot.Features.Roster;

/// <summary>Who the coordinator page's user is, as the page shows it and decides which views to offer.</summary>
public sealed record MeView(string Login, string Name, string Kind, string? SchoolUai, string? OrganisationId);

/// <summary>A school the caller may see, with its classes: the first choice of the page's school view.</summary>
public sealed record SchoolView(string Uai, string Name, string City, string Academy, IReadOnlyList<RosterClass> Classes);

public sealed record OrganisationView(string Id, string Name, string Kind);

/// <summary><c>/api/roster/me</c>, <c>/schools</c> and <c>/organisations</c>: what the page lists before any person.</summary>
public static class RosterPlacesApi
{
    public static void MapRosterPlaces(this RouteGroupBuilder group)
    {
        group.MapGet("/me", Ok<MeView> (HttpContext http) =>
        {
            var p = RosterImportApi.Caller(http).Person;
            return TypedResults.Ok(new MeView(p.Login, p.DisplayName.Trim(), p.Kind, p.SchoolUai, p.OrganisationId));
        });

        // A referent sees their own school only; a correspondent no school.
        group.MapGet("/schools", async Task<Ok<List<SchoolView>>> (HttpContext http, RosterPlaces places, CancellationToken cancellationToken) =>
        {
            var caller = RosterImportApi.Caller(http);
            var result = new List<SchoolView>();
            foreach (var school in (await places.SchoolsAsync(cancellationToken)).Values.Where(s => caller.CanSeeSchool(s.Uai)).OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                var classes = (await places.ClassesAsync(school.Uai, cancellationToken)).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
                result.Add(new SchoolView(school.Uai, school.Name, school.City, school.Academy, classes));
            }

            return TypedResults.Ok(result);
        });

        // The partner companies (whose tutors the page lists); a correspondent sees their own only.
        group.MapGet("/organisations", async Task<Ok<List<OrganisationView>>> (HttpContext http, RosterPlaces places, CancellationToken cancellationToken) =>
        {
            var caller = RosterImportApi.Caller(http);
            var organisations = await places.OrganisationsAsync(cancellationToken);
            return TypedResults.Ok(organisations.Values
                .Where(o => o.Kind == OrganisationKinds.Company && caller.CanSeeOrganisation(o.Id))
                .OrderBy(o => o.Name, StringComparer.Ordinal)
                .Select(o => new OrganisationView(o.Id, o.Name, o.Kind))
                .ToList());
        });
    }
}

/// <summary>Whether a person reaches the bot, and if not, where the app's installation for them stands.</summary>
public static class RosterReach
{
    /// <summary>Reaches the bot: their roster row is linked to a Teams identity the bot holds a conversation with.</summary>
    public const string Bot = "bot";

    /// <summary>Nothing known yet: not linked, no installation tried or none answered.</summary>
    public const string NotYet = "notYet";

    /// <summary>
    /// Per person id of one partition: <see cref="Bot"/>, else the proactive installation's state
    /// (<see cref="InstallStates"/>), else <see cref="NotYet"/> (people absent from the result).
    /// </summary>
    public static async Task<Dictionary<string, string>> StatesAsync(string partition, RosterStore store, ConversationStore conversations, CancellationToken cancellationToken)
    {
        var states = await store.InstallStatesAsync(partition, cancellationToken);
        foreach (var (personId, (tenantId, objectId)) in await store.LinksAsync(partition, cancellationToken))
        {
            if (await conversations.FindAsync(tenantId, objectId, cancellationToken) is not null)
            {
                states[personId] = Bot;
            }
        }

        return states;
    }
}
