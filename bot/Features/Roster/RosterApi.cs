using Azure;
using Microsoft.AspNetCore.Http.HttpResults;
using TutorBot.Conversation;

namespace TutorBot.Features.Roster;

/// <summary>
/// A person as the coordinator page shows them; <see cref="Ref"/> addresses them in edits. <see cref="Reach"/> is
/// <see cref="RosterReach.Bot"/>, an <see cref="InstallStates"/> value or <see cref="RosterReach.NotYet"/>;
/// <see cref="Grant"/> names the Graph permission a tenant admin must grant when the installation waits for one.
/// </summary>
public sealed record PersonView(string Ref, RosterPerson Person, string? TutorName, bool? Reachable, string? Reach = null, string? Grant = null);

/// <summary>Edits a coordinator or referent may make; the login, kind and school or company change by import.</summary>
public sealed record PersonPatch(string? FirstName, string? LastName, string? ClassName, string? Level, string? Stream, string? Language, string? TutorLogin, bool? Trained, int? Capacity);

/// <summary><c>/api/roster</c>: the people views, search and edits of the coordinator page, and the import.</summary>
public static class RosterApi
{
    public static IEndpointRouteBuilder MapRoster(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/roster").RequireAuthorization(RosterAuth.Policy);

        // Roles come from the roster (tid + oid → person), not from the token: students, tutors and strangers get 403.
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var caller = await RosterCaller.ResolveAsync(http.User, http.RequestServices.GetRequiredService<RosterStore>(), http.RequestAborted);
            if (caller is null || caller.Person.Kind is not (RosterKinds.Coordinator or RosterKinds.Referent or RosterKinds.Correspondent))
            {
                return TypedResults.Forbid();
            }

            http.Items[typeof(RosterCaller)] = caller;
            return await next(context);
        });

        group.MapRosterImport();
        group.MapRosterPlaces();
        group.MapGet("/schools/{uai}/people", SchoolPeopleAsync);
        group.MapGet("/organisations/{id}/tutors", async Task<Results<Ok<List<PersonView>>, ForbidHttpResult>> (string id, HttpContext http, RosterStore store, ConversationStore conversations, CancellationToken cancellationToken) =>
        {
            if (!RosterImportApi.Caller(http).CanSeeOrganisation(id))
            {
                return TypedResults.Forbid();
            }

            var tutors = await store.ListAsync(RosterKeys.OrganisationPartition(id), RosterKinds.Tutor, cancellationToken);
            var reach = await RosterReach.StatesAsync(RosterKeys.OrganisationPartition(id), store, conversations, cancellationToken);
            return TypedResults.Ok(tutors.OrderBy(p => p.LastName, StringComparer.Ordinal).Select(p => View(p, null, reach)).ToList());
        });
        group.MapGet("/people", async Task<Ok<List<PersonView>>> (string q, HttpContext http, RosterStore store, CancellationToken cancellationToken) =>
        {
            var caller = RosterImportApi.Caller(http);
            var found = await store.SearchAsync(q, 50, cancellationToken);
            return TypedResults.Ok(found.Where(caller.CanSee).Select(p => View(p, null)).ToList());
        });
        group.MapPatch("/people/{scope}/{id}", PatchAsync);
        group.MapPost("/people/{scope}/{id}/deactivate", async Task<Results<Ok<PersonView>, NotFound, ForbidHttpResult, Conflict, ValidationProblem>> (string scope, string id, HttpContext http, RosterStore store, CancellationToken cancellationToken) =>
            await EditAsync(scope, id, http, store, p => p with { Active = false }, cancellationToken));
        return routes;
    }

    /// <summary>The students of a school (optionally one class) with their tutor, and its referents.</summary>
    private static async Task<Results<Ok<List<PersonView>>, ForbidHttpResult>> SchoolPeopleAsync(
        string uai, string? @class, HttpContext http, RosterStore store, ConversationStore conversations, CancellationToken cancellationToken)
    {
        if (!RosterImportApi.Caller(http).CanSeeSchool(uai))
        {
            return TypedResults.Forbid();
        }

        var people = await store.ListAsync(RosterKeys.SchoolPartition(uai), null, cancellationToken);
        var tutors = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var login in people.Select(p => p.TutorLogin).OfType<string>().Distinct())
        {
            tutors[login] = (await store.FindByLoginAsync(login, cancellationToken))?.Person.DisplayName;
        }

        var reach = await RosterReach.StatesAsync(RosterKeys.SchoolPartition(uai), store, conversations, cancellationToken);
        return TypedResults.Ok(people
            .Where(p => @class is null || string.Equals(p.ClassName, @class, StringComparison.OrdinalIgnoreCase))
            .OrderBy(p => p.Kind, StringComparer.Ordinal).ThenBy(p => p.ClassName, StringComparer.Ordinal).ThenBy(p => p.LastName, StringComparer.Ordinal)
            .Select(p => View(p, p.TutorLogin is { } t ? tutors.GetValueOrDefault(t) : null, reach))
            .ToList());
    }

    private static async Task<Results<Ok<PersonView>, NotFound, ForbidHttpResult, Conflict, ValidationProblem>> PatchAsync(
        string scope, string id, PersonPatch patch, HttpContext http, RosterStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (patch.Level is { } level && Curriculum.Canonical(Curriculum.Levels, level) is null)
        {
            errors["level"] = [level];
        }

        if (patch.Stream is { } stream && Curriculum.Canonical(Curriculum.Streams, stream) is null)
        {
            errors["stream"] = [stream];
        }

        if (patch.Capacity is < 1 or > 10)
        {
            errors["capacity"] = ["1-10"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return await EditAsync(scope, id, http, store, p => p with
        {
            FirstName = patch.FirstName ?? p.FirstName,
            LastName = patch.LastName ?? p.LastName,
            ClassName = patch.ClassName ?? p.ClassName,
            Level = patch.Level is { } l ? Curriculum.Canonical(Curriculum.Levels, l) : p.Level,
            Stream = patch.Stream is { } s ? Curriculum.Canonical(Curriculum.Streams, s) : p.Stream,
            Language = patch.Language is { } lang ? Curriculum.Canonical(Curriculum.Languages, lang) ?? p.Language : p.Language,
            TutorLogin = patch.TutorLogin is { } t ? RosterKeys.NormaliseLogin(t) : p.TutorLogin,
            Trained = patch.Trained ?? p.Trained,
            Capacity = patch.Capacity ?? p.Capacity,
        }, cancellationToken);
    }

    private static async Task<Results<Ok<PersonView>, NotFound, ForbidHttpResult, Conflict, ValidationProblem>> EditAsync(
        string scope, string id, HttpContext http, RosterStore store, Func<RosterPerson, RosterPerson> change, CancellationToken cancellationToken)
    {
        if (Partition(scope) is not { } partition || await store.GetAsync(partition, id, cancellationToken) is not { } found)
        {
            return TypedResults.NotFound();
        }

        if (!RosterImportApi.Caller(http).CanSee(found.Person))
        {
            return TypedResults.Forbid();
        }

        var etag = http.Request.Headers.IfMatch.FirstOrDefault() is { Length: > 0 } ifMatch ? new ETag(ifMatch) : found.ETag;
        var after = change(found.Person);
        try
        {
            await store.UpdateAsync(found.Person, after, etag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return TypedResults.Conflict();
        }

        await http.RequestServices.GetRequiredService<ProgrammeProjection>().RefreshAsync([after], cancellationToken);

        return TypedResults.Ok(View(after, null));
    }

    /// <summary><c>s-0130001A</c> → the school's partition, <c>o-orange</c> → the organisation's.</summary>
    private static string? Partition(string scope) => scope.Length > 2 && scope[1] == '-' && scope[0] is 's' or 'o' ? scope[0] + "|" + scope[2..] : null;

    private static PersonView View(RosterPerson p, string? tutorName, Dictionary<string, string>? reach = null)
    {
        var state = reach is null ? null : reach.GetValueOrDefault(p.Id, RosterReach.NotYet);
        return new($"{RosterKeys.PartitionOf(p).Replace('|', '-')}/{p.Id}", p, tutorName, state is null ? null : state == RosterReach.Bot, state,
            state == InstallStates.WaitingForAdmin ? RosterOptions.InstallPermission : null);
    }
}
