using System.ComponentModel.DataAnnotations;

namespace TutorBot.Features.Programme;

/// <summary>
/// The programme itself (section <c>Programme</c>): whom a person who is not in it yet should ask to be added.
/// </summary>
public sealed class ProgrammeOptions
{
    public const string Section = "Programme";

    /// <summary>The coordination team (or coordinator) named to newcomers.</summary>
    [Required]
    public string ContactName { get; set; } = "Coordination Passeport Avenir";

    /// <summary>Where newcomers write to be added.</summary>
    [Required]
    [EmailAddress]
    public string ContactEmail { get; set; } = "coordination@passeport-avenir.example";
}
