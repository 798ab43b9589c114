namespace TutorBot.Hosting;

/// <summary>Something <c>/readyz</c> asks: a background part of this instance that must be alive for it to take traffic.</summary>
public interface IReadinessCheck
{
    /// <summary>A short name for the health answer (no personal data).</summary>
    string Name { get; }

    /// <summary>Null when ready, else why not.</summary>
    string? NotReadyBecause();
}
