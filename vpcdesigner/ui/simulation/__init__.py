"""The simulation panel (issue 5): scenarios, hop-by-hop animation on the canvas, event list,
timeline plot, what-if and reachability. `install_simulation(window)` plugs it into the editor;
`SimulationPlayer` is the stepping API other features (presentation, lessons, quiz) build on."""

from .controller import SimulationController, install_simulation
from .player import SimulationPlayer
from .steps import SimStep

__all__ = ["SimStep", "SimulationController", "SimulationPlayer", "install_simulation"]
