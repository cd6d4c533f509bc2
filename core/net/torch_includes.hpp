#pragma once

// Internal: the torch headers core needs, in one place. Only core's .cpp files include this
// (through the internal net/ headers); no public header of core does, so the GUI and the CLI
// never compile torch. These narrow headers compile in about half the time of <torch/torch.h>.
#include <ATen/ATen.h>
#include <torch/csrc/autograd/autograd.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
